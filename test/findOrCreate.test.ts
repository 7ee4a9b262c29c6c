// Lead → Find or Create, and what a create puts out, through n8n's real engine: safe to run again,
// one lead per identity within a run, never two leads from one row.
import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { credentialsFor, QUICK_RETRIES, useServer } from './harness/whatconverts';

const server = useServer();

const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ email: `buyer${i}@example.com`, amount: 100 + i }));

const withAmount = { additionalFields: { salesValue: '={{ $json.amount }}', leadSource: 'pos' } };

const findOrCreate = (items: IDataObject[], extra: IDataObject = {}) =>
	runNode({
		parameters: {
			resource: 'lead',
			operation: 'findOrCreate',
			leadType: 'transaction',
			matchBy: 'emailAddress',
			matchValue: '={{ $json.email }}',
			additionalFields: { leadSource: 'pos' },
			rateLimitHandling: QUICK_RETRIES,
			...extra,
		},
		items,
		credentials: credentialsFor(server),
	});

const posts = () => server.log.filter((entry) => entry.method === 'POST');
const lookups = () => server.log.filter((entry) => entry.method === 'GET' && entry.path === '/leads');

describe('lead find or create', () => {
	it('creates 100 leads for 100 rows, and none when the same rows run again', async () => {
		const first = await findOrCreate(rows(100), withAmount);
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json.created)).toEqual(Array(100).fill(true));
		expect(server.data.leads).toHaveLength(100);
		expect(posts()).toHaveLength(100);
		expect(lookups()).toHaveLength(100);
		expect(lookups()[0].query).toMatchObject({ email_address: 'buyer0@example.com', order: 'desc', leads_per_page: '1' });

		server.log.length = 0;
		const again = await findOrCreate(rows(100), withAmount);
		expect(again.items.map((item) => [item.json.created, item.json.matches])).toEqual(Array(100).fill([false, 1]));
		expect(again.items.map((item) => item.json.lead_id)).toEqual(first.items.map((item) => item.json.lead_id));
		expect(server.data.leads).toHaveLength(100);
		expect(posts()).toHaveLength(0);
		expect(lookups()).toHaveLength(100);
	});

	it('rows that repeat an email within one run create one lead: the later rows get it', async () => {
		const items = [
			{ email: 'Ann@Example.com', amount: 1 },
			{ email: 'bob@example.com', amount: 2 },
			{ email: ' ann@example.com ', amount: 3 },
			{ email: 'ann@example.com', amount: 4 },
		];
		const { items: out } = await findOrCreate(items);
		expect(out.map((item) => item.json.created)).toEqual([true, true, false, false]);
		expect(out[2].json.lead_id).toBe(out[0].json.lead_id);
		expect(out[3].json.lead_id).toBe(out[0].json.lead_id);
		expect(server.data.leads).toHaveLength(2);
		expect(posts()).toHaveLength(2);
		expect(lookups()).toHaveLength(2);
	});

	it('returns the newest of several matches and says how many matched, in one request', async () => {
		const now = Date.now();
		for (const daysAgo of [20, 5, 12])
			server.addLead({ email_address: 'many@example.com', date_created: new Date(now - daysAgo * 86_400_000).toISOString() });
		server.addLead({ email_address: 'many@example.com', date_created: new Date(now - 45 * 86_400_000).toISOString() });
		const newest = server.data.leads.find(
			(lead) => lead.date_created === new Date(now - 5 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
		);
		const { items } = await findOrCreate([{ email: 'many@example.com' }]);
		expect(items[0].json).toMatchObject({ lead_id: newest!.lead_id, created: false, matches: 3 });
		expect(server.log).toHaveLength(1);
		// The look-back window: only the last 30 days count.
		const start = Date.parse(String(server.log[0].query.start_date));
		expect(Math.abs(start - (now - 30 * 86_400_000))).toBeLessThan(60_000);
	});

	it('rows back-dated by Date Created are matched within the window before their own date, so a re-run makes none', async () => {
		const dated = { additionalFields: { leadSource: 'pos', dateCreated: '={{ $json.date }}' } };
		const items = [
			{ email: 'old@example.com', date: '2024-03-10' },
			{ email: 'older@example.com', date: '2023-01-05T10:00:00Z' },
		];
		const first = await findOrCreate(items, dated);
		expect(first.items.map((item) => item.json.created)).toEqual([true, true]);
		server.log.length = 0;
		const again = await findOrCreate(items, dated);
		expect(again.items.map((item) => item.json.created)).toEqual([false, false]);
		expect(posts()).toHaveLength(0);
		expect(lookups().map((entry) => [entry.query.start_date, entry.query.end_date])).toEqual([
			['2024-02-09T23:59:59Z', '2024-03-10T23:59:59Z'],
			['2022-12-06T10:00:00Z', '2023-01-05T10:00:00Z'],
		]);
	});

	it('matches by phone number or visitor id, and only the chosen lead type when asked', async () => {
		server.addLead({ lead_type: 'phone_call', phone_number: '+15555550123' });
		const byPhone = await findOrCreate([{ phone: '+15555550123' }], { matchBy: 'phoneNumber', matchValue: '={{ $json.phone }}' });
		expect(byPhone.items[0].json).toMatchObject({ created: false, matches: 1 });
		const sameType = await findOrCreate([{ phone: '+15555550123' }], {
			matchBy: 'phoneNumber',
			matchValue: '={{ $json.phone }}',
			matchLeadType: true,
		});
		expect(sameType.items[0].json).toMatchObject({ created: true, lead_type: 'Transaction', phone_number: '+15555550123' });
		expect(lookups()[1].query).toMatchObject({ phone_number: '+15555550123', lead_type: 'transaction' });
		const byVisitor = await findOrCreate([{ visitor: 'v-42' }], { matchBy: 'userId', matchValue: '={{ $json.visitor }}' });
		expect(byVisitor.items[0].json).toMatchObject({ created: true, user_id: 'v-42' });
		expect(lookups()[2].query.user_id).toBe('v-42');
	});

	it('a create answered with the id only puts out the fields sent, as WhatConverts names and writes them', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const { items } = await findOrCreate([{ email: 'new@example.com', amount: 250 }], withAmount);
		const lead = server.data.leads[0];
		expect(items[0].json).toEqual({
			lead_id: lead.lead_id,
			email_address: 'new@example.com',
			lead_type: 'Transaction',
			sales_value: 250,
			lead_source: 'pos',
			fields_from_request: ['email_address', 'lead_type', 'lead_source', 'sales_value'],
			created: true,
			matches: 0,
		});
		expect(server.log).toHaveLength(2);
	});

	it('reads the lead back when asked: one more request, every field as stored', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const { items } = await findOrCreate([{ email: 'back@example.com' }], { options: { readBack: true } });
		expect(items[0].json).toMatchObject({ email_address: 'back@example.com', lead_type: 'Transaction', lead_source: 'pos', created: true });
		expect(items[0].json).not.toHaveProperty('fields_from_request');
		expect(items[0].json.date_created).toBe(server.data.leads[0].date_created);
		expect(server.log.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			'GET /leads',
			'POST /leads',
			`GET /leads/${server.data.leads[0].lead_id}`,
		]);
	});

	it('a 429 on the lookup or on the create is retried and never makes two leads', async () => {
		server.injectFault({ method: 'GET', path: '/leads', times: 2, fault: { kind: 'status', status: 429, retryAfter: '0' } });
		server.injectFault({ method: 'POST', path: '/leads', times: 2, fault: { kind: 'status', status: 429, retryAfter: '0' } });
		const { items, error } = await findOrCreate([{ email: 'busy@example.com' }]);
		expect(error).toBeUndefined();
		expect(items[0].json.created).toBe(true);
		expect(server.data.leads).toHaveLength(1);
		expect(lookups()).toHaveLength(3);
		expect(posts()).toHaveLength(3);
	});

	it('a create that fails with a server error is not sent again, and the row fails visibly', async () => {
		server.injectFault({ method: 'POST', path: '/leads', times: 1, fault: { kind: 'status', status: 500 } });
		const { error } = await findOrCreate([{ email: 'flaky@example.com' }]);
		expect(error?.message).toMatch(/could not answer \(HTTP 500\)/);
		expect(posts()).toHaveLength(1);
	});

	it('a lookup answered with something other than a list of leads fails the row and creates nothing', async () => {
		server.injectFault({ method: 'GET', path: '/leads', times: 1, fault: { kind: 'status', status: 200, body: '{"status":"ok"}' } });
		const { error } = await findOrCreate([{ email: 'odd@example.com' }]);
		expect(error?.message).toMatch(/WhatConverts answered GET \/leads without a list of leads/);
		expect(error?.description).toMatch(/report this/);
		expect(posts()).toHaveLength(0);
		expect(server.data.leads).toHaveLength(0);
	});

	it.each([
		[{ email: '' }, /Match Value is empty for this item/],
		[{}, /Match Value is empty for this item/],
		[{ email: '   ' }, /Match Value is empty/],
		[{ email: { address: 'x' } }, /Match Value .* is not text/],
	])('refuses %j before any request', async (item, message) => {
		const { error } = await findOrCreate([item as IDataObject]);
		expect(error?.message).toMatch(message);
		expect(server.log).toHaveLength(0);
	});

	it('refuses a look-back window over 400 days and a bad Match By before any request', async () => {
		const far = await findOrCreate([{ email: 'a@example.com' }], { lookBackDays: 401 });
		expect(far.error?.message).toMatch(/Look-Back Window \(Days\) "401" is not 400 or less/);
		const by = await findOrCreate([{ email: 'a@example.com' }], { matchBy: '={{ "name" }}' });
		expect(by.error?.message).toMatch(/Match By "name" is not a value WhatConverts accepts/);
		expect(server.log).toHaveLength(0);
	});

	it('refuses an emptied look-back window before any request (it is required: there is always a window)', async () => {
		const { error } = await findOrCreate([{ email: 'a@example.com' }], { lookBackDays: '' });
		expect(error?.message).toBe('Look-Back Window (Days) is empty');
		expect(error?.description).toBe("Enter a value for 'Look-Back Window (Days)'.");
		expect(server.log).toHaveLength(0);
	});
});

describe('lead create', () => {
	it('answered with the id only, puts out the id and the fields sent under their API names, with labels', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const { items } = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'create',
				leadType: 'phone_call',
				additionalFields: {
					emailAddress: 'c@example.com',
					quotable: 'yes',
					callerNumber: '+15555550100',
					customFields: { field: [{ name: 'Stage', value: 'New' }] },
				},
			},
			credentials: credentialsFor(server),
		});
		expect(items[0].json).toEqual({
			lead_id: server.data.leads[0].lead_id,
			lead_type: 'Phone Call',
			email_address: 'c@example.com',
			quotable: 'Yes',
			caller_number: '+15555550100',
			custom_fields: { Stage: 'New' },
			fields_from_request: ['lead_type', 'caller_number', 'custom_fields', 'email_address', 'quotable'],
		});
		expect(server.log).toHaveLength(1);
	});
});
