// Updated Lead's "Only When These Fields Change" in n8n's real poll machinery, against the local
// WhatConverts server on a live account: edits between and during polls, overlapping polls, a
// re-activation, restarts from the saved static data. Date is faked (timers are not).
import fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { POLL_REMEMBERED_LEADS, UpdatedLeadChanges } from '../nodes/WhatConverts/triggers/changes';
import { PACKAGE_DIR, runWorkflow } from './harness/n8n';
import { PollingTrigger, serverOnFakedClock } from './harness/triggers';
import { credentialsFor } from './harness/whatconverts';
import { isoSec } from './server';

const MINUTE = 60_000;
const START = Date.parse('2025-03-10T08:00:00Z');
const RETRIES = { maxRetries: 1, maxWaitSeconds: 5 };
const EVERY_5_MINUTES = { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] };
const MONEY = ['quote_value', 'sales_value'];

const server = serverOnFakedClock(START);

const advance = (minutes: number) => jest.setSystemTime(Date.now() + minutes * MINUTE);
const at = (minutesFromNow: number) => isoSec(Date.now() + minutesFromNow * MINUTE);
const ids = (items: IDataObject[] | null) => (items ?? []).map((lead) => Number(lead.lead_id));
const changesOf = (items: IDataObject[] | null) => Object.fromEntries((items ?? []).map((lead) => [Number(lead.lead_id), lead.changes]));
const leadRequests = () => server.log.filter((entry) => entry.path === '/leads').length;

function trigger(fields: string[] | undefined, cursors: 'durable' | 'inMemory' = 'durable') {
	return new PollingTrigger({
		parameters: {
			event: 'updatedLead',
			pollTimes: EVERY_5_MINUTES,
			rateLimitHandling: RETRIES,
			...(fields ? { options: { onlyWhenFieldsChange: fields } } : {}),
		},
		credentials: credentialsFor(server, server.keys.profile),
		cursors,
	});
}

async function activated(fields: string[] | undefined, cursors: 'durable' | 'inMemory' = 'durable') {
	const poller = trigger(fields, cursors);
	expect(await poller.activate()).toEqual({ items: null });
	expect(await poller.poll()).toEqual({ items: null });
	return poller;
}

/** Sets a lead's values as it was created with them: no edit (last_updated stays its creation). */
function createdWith(leadId: number, values: IDataObject) {
	const lead = server.data.lead(leadId)!;
	return server.updateLead(leadId, { ...values, last_updated: lead.date_created });
}

/** Leads of the last days, half of them with a quote, a few with a sale, every other a note. */
function account(count: number, stepSeconds = 600) {
	const leads = server.addLeads(count, { startAt: at(-(count * stepSeconds) / 60 - 60), stepSeconds });
	leads.forEach((lead, index) =>
		createdWith(lead.lead_id, {
			quote_value: index % 2 ? 500 + index : null,
			sales_value: index % 7 ? null : 0,
			quotable: index % 2 ? 'yes' : 'not_set',
			notes: index % 2 ? null : 'Called back.',
		}),
	);
	return leads;
}

describe('Updated Lead, only when these fields change', () => {
	it('a sales value set starts one run with changes.sales_value before and after; notes and custom fields start none; the poll costs what it costs without the option', async () => {
		const leads = account(300);
		const deal = leads[14]; // sales_value 0, no quote
		const plain = await activated(undefined);
		const poller = await activated(MONEY);
		advance(5);
		server.updateLead(deal.lead_id, { sales_value: 1250 });
		server.updateLead(leads[20].lead_id, { notes: 'Left voicemail.' });
		server.updateLead(leads[21].lead_id, { custom_fields: { 'Customer Type': 'Commercial' } });
		server.updateLead(leads[22].lead_id, { quotable: 'no' }); // not chosen
		server.updateLead(leads[23].lead_id, { quote_value: 523 }); // the same value again: no change
		const before = leadRequests();
		const outcome = await poller.poll();
		const requests = leadRequests() - before;
		expect(ids(outcome.items)).toEqual([deal.lead_id]);
		expect(outcome.items?.[0]).toMatchObject({ sales_value: 1250, changes: { sales_value: { before: 0, after: 1250 } } });
		expect(Object.keys(outcome.items?.[0].changes as IDataObject)).toEqual(['sales_value']);
		// Any edit, as without the option: all five; and the same number of requests.
		const any = await plain.poll();
		expect(ids(any.items).sort()).toEqual([deal, ...leads.slice(20, 24)].map((lead) => lead.lead_id).sort());
		expect(any.items?.every((lead) => lead.changes === undefined)).toBe(true);
		expect(leadRequests() - before - requests).toBe(requests);
		expect(plain.cursor.fieldValues).toBeUndefined();

		advance(5);
		server.updateLead(deal.lead_id, { notes: 'Deal signed.' });
		expect(await poller.poll()).toEqual({ items: null });
		advance(5);
		server.updateLead(deal.lead_id, { quote_value: 1400, sales_value: 1300 });
		const both = await poller.poll();
		expect(changesOf(both.items)).toEqual({
			[deal.lead_id]: { quote_value: { before: null, after: 1400 }, sales_value: { before: 1250, after: 1300 } },
		});
		advance(5);
		server.updateLead(deal.lead_id, { sales_value: null });
		expect(changesOf((await poller.poll()).items)).toEqual({ [deal.lead_id]: { sales_value: { before: 1300, after: null } } });
		advance(5);
		expect(await poller.poll()).toEqual({ items: null });
	});

	it('a lead met the first time with a value set is reported once, before null; one created with a value and not edited is no change', async () => {
		account(50);
		const poller = await activated(MONEY);
		advance(5);
		const edited = server.addLead({ date_created: at(-3), quote_value: 800, sales_value: null });
		server.updateLead(edited.lead_id, { notes: 'Estimate sent.' });
		const untouched = server.addLead({ date_created: at(-2), quote_value: 300, sales_value: null });
		const empty = server.addLead({ date_created: at(-1), quote_value: null, sales_value: null });
		server.updateLead(empty.lead_id, { notes: 'Wrong number.' });
		const first = await poller.poll();
		expect(changesOf(first.items)).toEqual({ [edited.lead_id]: { quote_value: { before: null, after: 800 } } });
		advance(5);
		server.updateLead(edited.lead_id, { notes: 'Estimate sent again.' });
		server.updateLead(untouched.lead_id, { notes: 'Booked.' });
		expect(await poller.poll()).toEqual({ items: null });
		advance(5);
		server.updateLead(untouched.lead_id, { quote_value: 350 });
		expect(changesOf((await poller.poll()).items)).toEqual({ [untouched.lead_id]: { quote_value: { before: 300, after: 350 } } });
	});

	it('edits during a poll of two pages: each change once, with the value the trigger last saw', async () => {
		const leads = account(3000, 240);
		const poller = await activated(MONEY);
		advance(5);
		const early = leads[14]; // on page 1, sales_value 0
		const late = leads[2900]; // on page 2
		server.updateLead(early.lead_id, { sales_value: 10 });
		// The reader moves start_date from page to page: its second request reads page 2.
		let lists = 0;
		const stop = server.beforeList(() => {
			if (++lists !== 2) return;
			// Page 1 is read: the early lead's second edit shows at the next poll, the late lead's now.
			server.updateLead(early.lead_id, { sales_value: 20 });
			server.updateLead(late.lead_id, { quote_value: 99 });
		});
		const during = await poller.poll();
		stop();
		expect(changesOf(during.items)).toEqual({
			[early.lead_id]: { sales_value: { before: 0, after: 10 } },
			[late.lead_id]: { quote_value: { before: null, after: 99 } },
		});
		advance(5);
		expect(changesOf((await poller.poll()).items)).toEqual({ [early.lead_id]: { sales_value: { before: 10, after: 20 } } });
		advance(5);
		expect(await poller.poll()).toEqual({ items: null });
	});

	it('restarts and a re-activation carry the memory in the static data: nothing repeated, nothing lost', async () => {
		const leads = account(400);
		let poller = await activated(MONEY);
		const emitted: Array<[number, unknown]> = [];
		const record = (items: IDataObject[] | null) =>
			emitted.push(...(items ?? []).map((lead): [number, unknown] => [Number(lead.lead_id), lead.changes]));
		advance(5);
		server.updateLead(leads[1].lead_id, { quote_value: 1 });
		record((await poller.poll()).items);
		poller = poller.restart();
		advance(5);
		record((await poller.poll()).items);
		server.updateLead(leads[3].lead_id, { quote_value: 3 });
		server.updateLead(leads[4].lead_id, { notes: 'n' });
		poller = poller.restart();
		advance(5);
		record((await poller.poll()).items);
		// Deactivated for an hour, edited meanwhile, activated again (n8n keeps the static data).
		advance(60);
		server.updateLead(leads[7].lead_id, { sales_value: 700 });
		server.updateLead(leads[1].lead_id, { notes: 'again' });
		poller = poller.restart();
		const activation = await poller.activate();
		record(activation.items);
		advance(5);
		record((await poller.poll()).items);
		advance(5);
		record((await poller.poll()).items);
		expect(emitted).toEqual([
			[leads[1].lead_id, { quote_value: { before: 501, after: 1 } }],
			[leads[3].lead_id, { quote_value: { before: 503, after: 3 } }],
			[leads[7].lead_id, { sales_value: { before: 0, after: 700 } }],
		]);
	});

	it("overlapping polls without durable cursors (n8n's default) emit a change once", async () => {
		const leads = account(100);
		const poller = await activated(MONEY, 'inMemory');
		advance(5);
		server.updateLead(leads[49].lead_id, { sales_value: 5 });
		const gate = server.hold({ path: '/leads', times: 1 });
		const slow = poller.poll();
		await gate.reached(1);
		const overlapping = await poller.poll();
		gate.open();
		const emitted = [...(overlapping.items ?? []), ...((await slow).items ?? [])];
		advance(5);
		emitted.push(...((await poller.poll()).items ?? []));
		expect(changesOf(emitted)).toEqual({ [leads[49].lead_id]: { sales_value: { before: 0, after: 5 } } });
	});

	it('keeps only the leads with a chosen value, compactly, and forgets them once out of the look-back window; choosing other fields starts over', async () => {
		const leads = account(1000, 30 * 60); // about 21 days
		const poller = await activated(MONEY);
		const kept = JSON.parse(poller.cursor.fieldValues as string) as { fields: string[]; leads: unknown[][] };
		const withValue = leads.filter((_, index) => index % 2 || index % 7 === 0);
		expect(kept.fields).toEqual(MONEY);
		expect(kept.leads).toHaveLength(withValue.length);
		// Steps of id and creation second, then the values: a few bytes a lead.
		expect((poller.cursor.fieldValues as string).length).toBeLessThan(withValue.length * 20);
		for (let day = 0; day < 25; day++) {
			advance(24 * 60);
			await poller.poll();
		}
		const after = JSON.parse(poller.cursor.fieldValues as string) as { leads: unknown[][] };
		expect(after.leads.length).toBeGreaterThan(0);
		expect(after.leads.length).toBeLessThan(withValue.length / 2);

		// Other fields: the trigger starts over (its first read remembers and emits nothing).
		const other = new PollingTrigger({
			parameters: { ...poller.node.parameters, options: { onlyWhenFieldsChange: ['quotable'] } },
			credentials: credentialsFor(server, server.keys.profile),
			saved: poller.saved,
		});
		server.updateLead(leads[999].lead_id, { quotable: 'no' });
		expect(await other.poll()).toEqual({ items: null });
		advance(5);
		server.updateLead(leads[998].lead_id, { quotable: 'pending' });
		expect(changesOf((await other.poll()).items)).toEqual({ [leads[998].lead_id]: { quotable: { before: null, after: 'Pending' } } });
	});

	it('refuses a field it does not know before sending anything', async () => {
		const before = leadRequests();
		const outcome = await trigger(['sales_value', 'password']).activate();
		expect(outcome.error?.message).toMatch(/Only When These Fields Change/);
		expect(outcome.error?.message).toMatch(/password/);
		expect(leadRequests()).toBe(before);
	});
});

describe("the memory's size and bound (the module alone, deterministic)", () => {
	/** `count` leads over 30 days, ids in a run, one in `every` with a quote (and one in 2 × `every` with a sale). */
	function window(count: number, every: number): IDataObject[] {
		const start = Date.parse('2025-02-08T00:00:00Z');
		const step = Math.floor((30 * 86_400_000) / count);
		return Array.from({ length: count }, (_, index) => ({
			lead_id: 70_000_000 + index,
			date_created: new Date(start + index * step).toISOString().replace('.000', ''),
			quote_value: index % every ? null : 150 + ((index * 37) % 4800),
			sales_value: index % (2 * every) ? null : 100 + ((index * 53) % 3000),
			notes: 'Called back.',
		}));
	}

	it('50,000 leads in the window, 1 in 10 with a value: 5,000 kept in under 100 KB; 10,000 at most, the oldest forgotten first', () => {
		const leads = window(50_000, 10);
		const watch = UpdatedLeadChanges.of(MONEY, undefined)!;
		watch.read(leads);
		const stored = watch.stored(Date.parse('2025-02-08T00:00:00Z') / 1000).fieldValues as string;
		const kept = JSON.parse(stored) as { leads: unknown[][] };
		expect(kept.leads).toHaveLength(5_000);
		expect(stored.length).toBeLessThan(100_000);
		expect(stored.length).toBeGreaterThan(5_000 * 10);

		// Every lead with a value: the newest 10,000 are kept.
		const busy = window(50_000, 1);
		const full = UpdatedLeadChanges.of(MONEY, undefined)!;
		full.read(busy);
		const fullText = full.stored(0).fieldValues as string;
		expect((JSON.parse(fullText) as { leads: unknown[] }).leads).toHaveLength(POLL_REMEMBERED_LEADS);
		// A lead forgotten shows its edit with before null; one kept with its value before.
		const next = UpdatedLeadChanges.of(MONEY, { fieldValues: fullText })!;
		const oldest = { ...busy[0], quote_value: 1 };
		const newest = { ...busy[49_999], quote_value: 1 };
		next.read([oldest, newest]);
		expect(next.emitted([oldest, newest]).map((lead) => lead.changes)).toEqual([
			{ quote_value: { before: null, after: 1 }, sales_value: { before: null, after: busy[0].sales_value } },
			{ quote_value: { before: busy[49_999].quote_value, after: 1 } },
		]);
	});

	it('a long value is kept as a fingerprint: its change is noticed, its before is null', () => {
		const fields = ['custom_fields', 'notes'];
		const watch = UpdatedLeadChanges.of(fields, undefined)!;
		const lead = {
			lead_id: 1,
			date_created: '2025-03-01T00:00:00Z',
			custom_fields: { 'Assigned To': 'Dana', 'Customer Type': 'Residential' },
			notes: 'Short.',
		};
		watch.read([lead]);
		const stored = watch.stored(0);
		expect(String(stored.fieldValues)).not.toContain('Residential');
		const next = UpdatedLeadChanges.of(fields, stored)!;
		const same = { ...lead, custom_fields: { 'Customer Type': 'Residential', 'Assigned To': 'Dana' } };
		const edited = { ...lead, custom_fields: { 'Assigned To': 'Sam', 'Customer Type': 'Residential' }, notes: 'Longer.' };
		next.read([same]);
		expect(next.emitted([same])).toEqual([]);
		expect(next.emitted([edited]).map((item) => item.changes)).toEqual([
			{ custom_fields: { before: null, after: edited.custom_fields }, notes: { before: 'Short.', after: 'Longer.' } },
		]);
	});
});

describe('the example: sales value changed → HubSpot deal amount, with the change in a note', () => {
	const example = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'examples/sales-value-changed-to-hubspot-deal.json'), 'utf8')) as {
		nodes: INode[];
		connections: IConnections;
	};
	const triggerNode = example.nodes.find((node) => node.type === 'n8n-nodes-whatconverts.whatConvertsTrigger')!;

	/** HubSpot's CRM API on loopback: records what it is sent, answers as HubSpot does. */
	async function hubspot(test: (base: string, requests: IDataObject[]) => Promise<void>) {
		const requests: IDataObject[] = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body: JSON.parse(body || '{}') });
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(
					JSON.stringify(req.url?.startsWith('/crm/v3/objects/deals/') ? { id: '987654', properties: { amount: '1250' } } : { id: '555' }),
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	}

	it('a sales value set in WhatConverts sets the deal amount and notes the change; a note edit in WhatConverts starts nothing', async () => {
		const leads = account(50);
		const deal = leads[14];
		const poller = new PollingTrigger({ parameters: triggerNode.parameters, credentials: credentialsFor(server, server.keys.profile) });
		expect(await poller.activate()).toEqual({ items: null });
		expect(await poller.poll()).toEqual({ items: null });
		advance(15);
		server.updateLead(deal.lead_id, { sales_value: 1250 });
		server.updateLead(leads[3].lead_id, { notes: 'Left voicemail.' });
		const { items } = await poller.poll();
		expect(ids(items)).toEqual([deal.lead_id]);
		advance(15);
		server.updateLead(deal.lead_id, { notes: 'Signed.' });
		expect(await poller.poll()).toEqual({ items: null });

		await hubspot(async (base, requests) => {
			const nodes = example.nodes
				.filter((node) => node.name !== triggerNode.name && node.type !== 'n8n-nodes-base.stickyNote')
				.map((node) => ({
					...(JSON.parse(JSON.stringify(node).replaceAll('https://api.hubapi.com', base)) as INode),
					...(node.type === 'n8n-nodes-base.httpRequest' ? { credentials: { hubspotAppToken: { id: 'hubspot', name: 'HubSpot' } } } : {}),
				}));
			const run = await runWorkflow({
				nodes,
				connections: example.connections,
				start: 'Deal update',
				items: items!,
				credentials: { hubspot: { appToken: 'pat-na1-test' } },
			});
			expect(run.error).toBeUndefined();
			const lead = items![0]; // as the trigger emitted it
			expect(requests).toEqual([
				{
					method: 'PATCH',
					url: `/crm/v3/objects/deals/${deal.lead_id}?idProperty=whatconverts_lead_id`,
					authorization: 'Bearer pat-na1-test',
					body: { properties: { amount: '1250' } },
				},
				{
					method: 'POST',
					url: '/crm/v3/objects/notes',
					authorization: 'Bearer pat-na1-test',
					body: {
						properties: {
							hs_timestamp: expect.any(String),
							hs_note_body: `Sales value in WhatConverts: 0 → 1250. Lead ${deal.lead_id}, ${String(lead.lead_type)} from ${String(lead.lead_source || 'unknown source')} / ${String(lead.lead_medium || 'unknown medium')}, edited ${String(lead.last_updated)}.`,
						},
						associations: [{ to: { id: '987654' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }],
					},
				},
			]);
		});
	});
});
