/** @jest-environment ./test/harness/timeZoneEnvironment.ts */
// The webhook trigger in n8n's real WebhookContext, behind an HTTP endpoint answering as n8n's
// webhook server does, fed with the JSON bodies WhatConverts sends.
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { loadPackage } from './harness/n8n';
import { WebhookTriggerServer } from './harness/triggers';
import { REMEMBERED_DELIVERIES } from '../nodes/WhatConverts/WhatConvertsWebhookTrigger.node';
import { deliveryChanges } from '../nodes/WhatConverts/triggers/changes';
import { generateLead, WhatConvertsServer } from './server';

/** Sets the zone of this test process (test/harness/timeZoneEnvironment.ts). */
declare const setProcessTimeZone: (zone: string) => void;

// A lead as WhatConverts posts it: the lead with display labels, plus "trigger".
const store = new WhatConvertsServer();
function delivery(trigger: string, overrides: IDataObject = {}): IDataObject {
	const profile = store.data.profiles[0];
	const account = store.data.account(profile.account_id)!;
	const lead = generateLead({ leadId: 70001234, profile, account, date: '2025-03-10T08:00:00Z', type: 'phone_call' });
	return { ...lead, lead_state: 'Completed', additional_fields: [], ...overrides, trigger };
}

// Leads and deliveries as WhatConverts makes them, on a clock that stands still unless moved.
let clock = Date.parse('2025-03-10T08:00:00Z');
const real = new WhatConvertsServer({ behaviour: { leadShape: 'real' }, now: () => clock });
const deliveries = (hook: WebhookTriggerServer) => hook.executions.map((items) => items[0]);

/** The same body written another way: keys in reverse order, numbers as strings, amounts with cents. */
function rewritten(body: Record<string, unknown>): Record<string, unknown> {
	const entries = Object.entries(body).reverse();
	return Object.fromEntries(
		entries.map(([key, value]) => [key, typeof value === 'number' ? (/_value$/.test(key) ? value.toFixed(2) : String(value)) : value]),
	);
}

async function withTrigger(parameters: INodeParameters, test: (hook: WebhookTriggerServer) => Promise<void>) {
	const hook = new WebhookTriggerServer(parameters);
	await hook.start();
	try {
		await test(hook);
	} finally {
		await hook.stop();
	}
}

describe('WhatConverts Webhook Trigger', () => {
	it('answers 200 at once and starts one execution with the lead, maps normalised', async () => {
		await withTrigger({ events: ['new'] }, async (hook) => {
			expect(hook.url).toMatch(/\/webhook\/5f0c4a2e-8d1b-4c7e-9a3f-2b6d8e1f0a9c\/whatconverts$/);
			const response = await hook.post(delivery('new'));
			expect(response).toEqual({ status: 200, body: { received: true, started: true } });
			expect(hook.executions).toHaveLength(1);
			expect(hook.executions[0]).toHaveLength(1);
			expect(hook.executions[0][0]).toMatchObject({ lead_id: 70001234, trigger: 'new', lead_type: 'Phone Call' });
			expect(hook.executions[0][0].additional_fields).toEqual({});
		});
	});

	it('with a secret: the right one passes, a wrong or missing one gets 401 and starts nothing', async () => {
		await withTrigger({ events: ['new', 'update'], secret: 's3cr3t-value' }, async (hook) => {
			const missing = await hook.post(delivery('new'));
			expect(missing.status).toBe(401);
			expect(missing.body).toEqual({ message: 'Missing or wrong "secret" query parameter' });
			const wrong = await hook.post(delivery('new'), '?secret=s3cr3t-valuE');
			expect(wrong.status).toBe(401);
			const twice = await hook.post(delivery('new'), '?secret=s3cr3t-value&secret=s3cr3t-value');
			expect(twice.status).toBe(401);
			expect(hook.executions).toHaveLength(0);

			const right = await hook.post(delivery('update'), '?secret=s3cr3t-value');
			expect(right.status).toBe(200);
			expect(hook.executions).toHaveLength(1);
		});
	});

	it('passes only the chosen events; others get 200 and start nothing', async () => {
		await withTrigger({ events: ['update'] }, async (hook) => {
			const ignored = await hook.post(delivery('new'));
			expect(ignored).toEqual({
				status: 200,
				body: { received: true, started: false, reason: 'event "new" is not one of: update' },
			});
			expect((await hook.post(delivery('update'))).status).toBe(200);
			expect((await hook.post({ hello: 'not a lead' })).status).toBe(200);
			expect(hook.executions.map((items) => items[0].trigger)).toEqual(['update']);
		});
	});

	it('passes only the chosen lead types (labels as WhatConverts sends them)', async () => {
		await withTrigger({ events: ['new'], leadTypes: ['web_form', 'chat'] }, async (hook) => {
			const call = await hook.post(delivery('new'));
			expect(call.body).toMatchObject({ started: false, reason: 'lead type "Phone Call" is not one of: web_form, chat' });
			await hook.post(delivery('new', { lead_id: 70001235, lead_type: 'Web Form' }));
			await hook.post(delivery('new', { lead_id: 70001236, lead_type: 'Chat' }));
			expect(hook.executions.map((items) => items[0].lead_type)).toEqual(['Web Form', 'Chat']);
		});
	});

	it('with "only completed", a call sent in progress and again completed runs once', async () => {
		await withTrigger({ events: ['new', 'update'], onlyCompleted: true }, async (hook) => {
			const inProgress = await hook.post(delivery('new', { lead_state: 'In Progress' }));
			expect(inProgress.body).toMatchObject({ started: false, reason: expect.stringMatching(/not completed yet/) });
			await hook.post(delivery('new', { lead_type: 'Chat', lead_state: 'In Progress' }));
			await hook.post(delivery('update', { lead_state: 'Completed' }));
			// Other types have no in-progress state to wait for.
			await hook.post(delivery('new', { lead_type: 'Web Form', lead_state: 'In Progress' }));
			expect(hook.executions.map((items) => [items[0].lead_type, items[0].lead_state])).toEqual([
				['Phone Call', 'Completed'],
				['Web Form', 'In Progress'],
			]);
		});
	});

	it('without "only completed", passes both deliveries of a call', async () => {
		await withTrigger({ events: ['new', 'update'] }, async (hook) => {
			await hook.post(delivery('new', { lead_state: 'In Progress' }));
			await hook.post(delivery('update', { lead_state: 'Completed' }));
			expect(hook.executions).toHaveLength(2);
		});
	});

	it('starts one run per lead state: repeats of a delivery are folded, through the saved static data', async () => {
		await withTrigger({ events: ['new', 'update'] }, async (hook) => {
			const inProgress = delivery('new', { lead_state: 'In Progress', last_updated: '2025-03-10T08:00:05Z' });
			expect((await hook.post(inProgress)).body).toEqual({ received: true, started: true });
			const again = await hook.post(inProgress);
			expect(again).toEqual({
				status: 200,
				body: {
					received: true,
					started: false,
					reason: 'lead 70001234: the same content was already delivered and started a run',
				},
			});
			// The same instant written another way is the same delivery.
			expect((await hook.post({ ...inProgress, last_updated: '2025-03-10T08:00:05.000Z' })).body).toMatchObject({ started: false });
			// Each other state of the lead is a run of its own.
			await hook.post(delivery('new', { lead_state: 'Completed', last_updated: '2025-03-10T08:03:00Z' }));
			await hook.post(delivery('update', { lead_state: 'Completed', last_updated: '2025-03-10T08:03:00Z' }));
			await hook.post(delivery('update', { lead_state: 'Completed', last_updated: '2025-03-10T09:00:00Z' }));
			await hook.post(delivery('update', { lead_state: 'Completed', last_updated: '2025-03-10T09:00:00Z' }));
			expect(hook.executions.map((items) => [items[0].trigger, items[0].lead_state, items[0].last_updated])).toEqual([
				['new', 'In Progress', '2025-03-10T08:00:05Z'],
				['new', 'Completed', '2025-03-10T08:03:00Z'],
				['update', 'Completed', '2025-03-10T08:03:00Z'],
				['update', 'Completed', '2025-03-10T09:00:00Z'],
			]);
			// Only the deliveries that started a run wrote the static data.
			expect(hook.saves).toBe(4);
		});
	});

	describe.each([
		['as sent today', []],
		['without last_updated', ['last_updated']],
		['without lead_state', ['lead_state']],
		['without both (older deliveries)', ['last_updated', 'lead_state']],
	])('repeats told apart by content, %s', (_, omit) => {
		it('two edits saved in the same second each start a run; a true repeat of either starts none', async () => {
			await withTrigger({ events: ['new', 'update'] }, async (hook) => {
				const form = real.addLead({ lead_type: 'web_form' });
				const created = real.delivery(form, 'new', omit);
				clock += 60_000;
				const quoted = real.delivery(real.updateLead(form.lead_id, { quote_value: 350 }), 'update', omit);
				const sold = real.delivery(real.updateLead(form.lead_id, { sales_value: 299.5 }), 'update', omit);
				if (!omit.includes('last_updated')) expect(sold.last_updated).toBe(quoted.last_updated);
				for (const body of [created, quoted, sold]) expect((await hook.post(body)).body).toEqual({ received: true, started: true });
				for (const body of [created, quoted, sold, rewritten(quoted), rewritten(sold)]) {
					expect((await hook.post(body)).body).toEqual({
						received: true,
						started: false,
						reason: `lead ${form.lead_id}: the same content was already delivered and started a run`,
					});
				}
				expect(deliveries(hook).map((lead) => [lead.trigger, lead.quote_value, lead.sales_value])).toEqual([
					['new', created.quote_value, created.sales_value],
					['update', 350, created.sales_value],
					['update', 350, 299.5],
				]);
			});
		});
	});

	it('a repeat written another way is still a repeat: the same instant, null or absent, [] or {}', async () => {
		await withTrigger({ events: ['update'] }, async (hook) => {
			const call = real.delivery(real.addLead({ lead_type: 'phone_call' }), 'update');
			expect((await hook.post(call)).body).toMatchObject({ started: true });
			const nulls = Object.keys(call).filter((key) => call[key] === null);
			expect(nulls.length).toBeGreaterThan(0);
			const other = {
				...Object.fromEntries(Object.entries(call).filter(([key]) => !nulls.includes(key))),
				last_updated: String(call.last_updated).replace('Z', '.000Z'),
				additional_fields: Array.isArray(call.additional_fields) && !call.additional_fields.length ? {} : call.additional_fields,
			};
			expect((await hook.post(other)).body).toMatchObject({ started: false });
			// A change of any one field is another delivery.
			expect((await hook.post({ ...call, notes: 'Called back' })).body).toMatchObject({ started: true });
			expect(hook.executions).toHaveLength(2);
		});
	});

	it('"only completed" reads every field that says a call or chat is still going; its completion starts a run', async () => {
		await withTrigger({ events: ['new', 'update'], onlyCompleted: true }, async (hook) => {
			const call = real.startCall();
			const misspelt = real.startCall({ lead_state: 'In Progess' });
			const chat = real.startCall({ lead_type: 'chat', lead_state: 'In Progess' });
			const held = [
				[real.delivery(call, 'new'), 'lead_state "In Progress"'],
				// An older delivery: no lead_state, only the call's own status.
				[real.delivery(call, 'new', ['last_updated', 'lead_state']), 'call_status "In Progress"'],
				[real.delivery(misspelt, 'new', ['call_status']), 'lead_state "In Progess"'],
				[real.delivery(chat, 'new'), 'lead_state "In Progess"'],
				[{ ...real.delivery(call, 'new', ['lead_state']), lead_type: undefined }, 'call_status "In Progress"'],
			] as const;
			for (const [body, says] of held) {
				expect((await hook.post(body)).body).toEqual({
					received: true,
					started: false,
					reason: `the ${String(body.lead_type ?? 'lead')} is not completed yet (${says})`,
				});
			}
			clock += 13_000;
			const ended = [real.completeCall(call.lead_id), real.completeCall(misspelt.lead_id), real.completeCall(chat.lead_id)];
			for (const lead of ended)
				expect((await hook.post(real.delivery(lead, 'update', ['lead_state']))).body).toMatchObject({ started: true });
			// A text is sent once: it passes, whatever its lead_state says; so does any type but calls and chats.
			const text = real.addLead({ lead_type: 'text_message', lead_state: 'In Progess' });
			const form = real.addLead({ lead_type: 'web_form', lead_state: 'In Progress' });
			for (const lead of [text, form]) expect((await hook.post(real.delivery(lead, 'new'))).body).toMatchObject({ started: true });
			expect(deliveries(hook).map((lead) => [lead.lead_id, lead.lead_type, lead.call_status ?? null])).toEqual([
				[call.lead_id, 'Phone Call', 'Completed'],
				[misspelt.lead_id, 'Phone Call', 'Completed'],
				[chat.lead_id, 'Chat', null],
				[text.lead_id, 'Text Message', null],
				[form.lead_id, 'Web Form', null],
			]);
		});
	});

	describe('fingerprints read zone-less dates as UTC, whatever the process time zone', () => {
		// jest.config.js runs the tests in New York time; n8n may restart in another zone.
		const zone = process.env.TZ ?? 'America/New_York';
		afterEach(() => setProcessTimeZone(zone));

		/** Posts each body to a new instance of the trigger in `tz`, with the static data saved before (a restart). */
		async function postIn(tz: string, saved: IDataObject, bodies: IDataObject[]) {
			setProcessTimeZone(tz);
			const hook = new WebhookTriggerServer({ events: ['update'] });
			hook.saved = saved;
			await hook.start();
			try {
				const started = [];
				for (const body of bodies) started.push(((await hook.post(body)).body as IDataObject).started);
				return { started, saved: hook.saved };
			} finally {
				await hook.stop();
			}
		}

		it('a delivery repeated after n8n restarts in another time zone is still a repeat (dates in the hour New York repeats)', async () => {
			const body = delivery('update', { date_created: '2025-11-02 01:20:00', last_updated: '2025-11-02 01:30:00' });
			const first = await postIn('America/New_York', {}, [body]);
			expect(first.started).toEqual([true]);
			const restarted = await postIn('UTC', first.saved, [body, { ...body, last_updated: '2025-11-02T01:30:00Z' }]);
			expect(restarted.started).toEqual([false, false]);
			const back = await postIn('America/New_York', restarted.saved, [body]);
			expect(back.started).toEqual([false]);
		});

		it('two edits an hour apart across the hour New York skips are two deliveries, in either zone', async () => {
			for (const tz of ['America/New_York', 'UTC']) {
				const edits = ['2025-03-09 02:30:00', '2025-03-09T03:30:00'].map((last_updated) => delivery('update', { last_updated }));
				expect((await postIn(tz, {}, edits)).started).toEqual([true, true]);
			}
		});
	});

	it('remembers the last 2,000 deliveries that started a run; ignored and refused ones are not remembered', async () => {
		await withTrigger({ events: ['update'], secret: 'right' }, async (hook) => {
			const at = (n: number) => new Date(Date.parse('2025-03-10T08:00:00Z') + n * 1000).toISOString();
			await hook.post(delivery('new'), '?secret=right');
			await hook.post(delivery('update'), '?secret=wrong');
			expect(hook.saves).toBe(0);
			for (let n = 0; n <= 2000; n++) await hook.post(delivery('update', { last_updated: at(n) }), '?secret=right');
			expect(hook.executions).toHaveLength(2001);
			const remembered = hook.saved['node:WhatConverts Webhook Trigger'] as IDataObject;
			expect(String(remembered.deliveries).split(',')).toHaveLength(2000);
			expect(JSON.stringify(hook.saved).length).toBeLessThan(40_000);
			// A minute later the newest is still folded; the oldest was forgotten and runs again.
			jest.useFakeTimers({
				doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask', 'performance', 'hrtime'],
			});
			try {
				jest.setSystemTime(Date.now() + 61_000);
				expect((await hook.post(delivery('update', { last_updated: at(2000) }), '?secret=right')).body).toMatchObject({ started: false });
				expect((await hook.post(delivery('update', { last_updated: at(0) }), '?secret=right')).body).toEqual({
					received: true,
					started: true,
				});
			} finally {
				jest.useRealTimers();
			}
		});
	});

	it('folds repeats that arrive before n8n has saved the first delivery, one after another or at once', async () => {
		// n8n's database takes 200 ms to save the static data.
		const hook = new WebhookTriggerServer({ events: ['update'] }, 200);
		await hook.start();
		try {
			const first = await hook.post(delivery('update'));
			const next = await hook.post(delivery('update'));
			const atOnce = await Promise.all([1, 2].map((n) => hook.post(delivery('update', { last_updated: `2025-03-10T09:0${n}:00Z` }))));
			const twins = await Promise.all([1, 2].map(() => hook.post(delivery('update', { last_updated: '2025-03-10T10:00:00Z' }))));
			expect([first, next, ...atOnce].map((answer) => answer.body)).toEqual([
				{ received: true, started: true },
				expect.objectContaining({ started: false }),
				{ received: true, started: true },
				{ received: true, started: true },
			]);
			expect(twins.filter((answer) => (answer.body as IDataObject).started === true)).toHaveLength(1);
			expect(hook.executions).toHaveLength(4);
		} finally {
			await hook.stop();
		}
	});

	describe('only when these fields change', () => {
		const MONEY = ['quote_value', 'sales_value'];
		const money = { events: ['new', 'update'], options: { onlyWhenFieldsChange: MONEY } };
		const changesOf = (hook: WebhookTriggerServer) => hook.executions.map((items) => [items[0].lead_id, items[0].changes]);

		it('a sales value set starts one run with its before and after; notes, custom fields and repeats start none; a restart keeps the memory', async () => {
			let saved: IDataObject = {};
			let form = real.addLead({ lead_type: 'web_form', quote_value: null, sales_value: null });
			await withTrigger(money, async (hook) => {
				expect((await hook.post(real.delivery(form, 'new'))).body).toEqual({
					received: true,
					started: false,
					reason: 'none of quote_value, sales_value changed since the last delivery of this lead',
				});
				clock += 60_000;
				form = real.updateLead(form.lead_id, { notes: 'Called back.' });
				expect((await hook.post(real.delivery(form, 'update'))).body).toMatchObject({ started: false });
				form = real.updateLead(form.lead_id, { custom_fields: { 'Customer Type': 'Commercial' } });
				expect((await hook.post(real.delivery(form, 'update'))).body).toMatchObject({ started: false });
				form = real.updateLead(form.lead_id, { sales_value: 0 });
				expect((await hook.post(real.delivery(form, 'update'))).body).toEqual({ received: true, started: true });
				clock += 60_000;
				form = real.updateLead(form.lead_id, { sales_value: 1250 });
				const sold = real.delivery(form, 'update');
				expect((await hook.post(sold)).body).toEqual({ received: true, started: true });
				// The same delivery again, and written another way ("1250.00"): no change.
				expect((await hook.post(sold)).body).toMatchObject({ started: false });
				expect((await hook.post(rewritten(sold))).body).toMatchObject({ started: false });
				expect(changesOf(hook)).toEqual([
					[form.lead_id, { sales_value: { before: null, after: 0 } }],
					[form.lead_id, { sales_value: { before: 0, after: 1250 } }],
				]);
				expect(hook.executions[1][0]).toMatchObject({ sales_value: 1250, notes: 'Called back.' });
				saved = hook.saved;
			});
			// n8n restarted: the next call loads the static data saved before.
			const restarted = new WebhookTriggerServer(money);
			restarted.saved = saved;
			await restarted.start();
			try {
				form = real.updateLead(form.lead_id, { notes: 'Signed.' });
				expect((await restarted.post(real.delivery(form, 'update'))).body).toMatchObject({ started: false });
				form = real.updateLead(form.lead_id, { quote_value: 1400 });
				expect((await restarted.post(real.delivery(form, 'update'))).body).toMatchObject({ started: true });
				expect(changesOf(restarted)).toEqual([[form.lead_id, { quote_value: { before: null, after: 1400 } }]]);
			} finally {
				await restarted.stop();
			}
		});

		it('compares with deliveries that started nothing too, and a new lead with a value set starts once, before null', async () => {
			await withTrigger({ ...money, events: ['update'] }, async (hook) => {
				let form = real.addLead({ lead_type: 'web_form', quote_value: 600, sales_value: null });
				// A "new" delivery starts nothing here (only updates do), but it is what the next one is compared with.
				expect((await hook.post(real.delivery(form, 'new'))).body).toMatchObject({
					started: false,
					reason: 'event "new" is not one of: update',
				});
				form = real.updateLead(form.lead_id, { notes: 'Quoted on the phone.' });
				expect((await hook.post(real.delivery(form, 'update'))).body).toMatchObject({ started: false });
				const other = real.addLead({ lead_type: 'web_form', quote_value: 900, sales_value: null });
				expect((await hook.post(real.delivery(real.updateLead(other.lead_id, { notes: 'n' }), 'update'))).body).toMatchObject({
					started: true,
				});
				expect((await hook.post(real.delivery(other, 'update'))).body).toMatchObject({ started: false });
				expect(changesOf(hook)).toEqual([[other.lead_id, { quote_value: { before: null, after: 900 } }]]);
			});
		});

		it('keeps the last delivery of 2,000 leads, compactly; a lead forgotten past that is reported with before null', async () => {
			const first = real.addLead({ lead_type: 'web_form', quote_value: 100, sales_value: null });
			const hook = new WebhookTriggerServer(money);
			await hook.start();
			try {
				await hook.post(real.delivery(first, 'new'));
				// 2,000 other leads delivered since, kept by the node's own code (2,000 calls through HTTP take long).
				const memory = hook.saved['node:WhatConverts Webhook Trigger'] as IDataObject;
				for (let n = 0; n < REMEMBERED_DELIVERIES; n++) {
					const lead = real.addLead({ lead_type: 'web_form', quote_value: 200 + n, sales_value: n % 3 ? null : 50 });
					deliveryChanges(memory, MONEY, real.delivery(lead, 'new') as IDataObject, false, REMEMBERED_DELIVERIES);
				}
				const kept = JSON.parse(String(memory.fieldValues)) as { leads: unknown[] };
				expect(kept.leads).toHaveLength(REMEMBERED_DELIVERIES);
				expect(String(memory.fieldValues).length).toBeLessThan(REMEMBERED_DELIVERIES * 20);
				clock += 60_000;
				const noted = real.updateLead(first.lead_id, { notes: 'Forgotten.' });
				expect((await hook.post(real.delivery(noted, 'update'))).body).toMatchObject({ started: true });
				expect(hook.executions.at(-1)![0].changes).toEqual({ quote_value: { before: null, after: 100 } });
				// Now kept again: its next note starts nothing.
				expect((await hook.post(real.delivery(real.updateLead(first.lead_id, { notes: 'Again.' }), 'update'))).body).toMatchObject({
					started: false,
				});
			} finally {
				await hook.stop();
			}
		});

		it('refuses a field it does not know, naming it', async () => {
			await withTrigger({ events: ['new'], options: { onlyWhenFieldsChange: ['sales_value', 'lead_score'] } }, async (hook) => {
				const answer = await hook.post(delivery('new'));
				expect(answer.status).toBe(500);
				expect(JSON.stringify(answer.body)).toMatch(/Only When These Fields Change.*lead_score/);
				expect(hook.executions).toHaveLength(0);
			});
		});
	});

	it('ships a codex for both triggers', async () => {
		const pkg = await loadPackage();
		for (const name of ['whatConvertsTrigger', 'whatConvertsWebhookTrigger']) {
			const type = pkg.nodeTypes.getByNameAndVersion(`n8n-nodes-whatconverts.${name}`, 1) as INodeType;
			expect(type.description.codex).toMatchObject({
				categories: expect.arrayContaining(['Marketing & Content', 'Sales']),
				alias: expect.arrayContaining(['lead tracking']),
				resources: { primaryDocumentation: [{ url: expect.stringMatching(/^https:\/\/www\.whatconverts\.com\//) }] },
			});
		}
	});

	it('has every webhook lifecycle method, and they say there is nothing to register', async () => {
		const pkg = await loadPackage();
		const type = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConvertsWebhookTrigger', 1) as INodeType;
		expect(type.description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'whatconverts' }]);
		expect(type.description.usableAsTool).toBeUndefined();
		const methods = type.webhookMethods!.default!;
		const hookContext = {} as never;
		expect(await methods.checkExists.call(hookContext)).toBe(false);
		expect(await methods.create.call(hookContext)).toBe(true);
		expect(await methods.delete.call(hookContext)).toBe(true);
		const polling = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConvertsTrigger', 1) as INodeType;
		expect(polling.description.polling).toBe(true);
		expect(polling.description.usableAsTool).toBeUndefined();
	});
});
