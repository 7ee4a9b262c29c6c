// Lead → Find or Create, and what a create puts out, through n8n's real engine: safe to run again,
// one lead per identity however it is spelt, within a run and across executions that overlap (held
// by the server's gates), marked spam or duplicate or not, and one lead per sale; never two leads
// from one row.
import fs from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PACKAGE_DIR, runNode } from './harness/n8n';
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
/** A lookup's spam and duplicate filters, as sent: 'spam', 'duplicate', both or neither. */
const flagsOf = (query: IDataObject) => ['spam', 'duplicate'].filter((flag) => query[flag] === 'true').join('+') || 'unmarked';

describe('lead find or create', () => {
	it('creates 100 leads for 100 rows, and none when the same rows run again', async () => {
		const first = await findOrCreate(rows(100), withAmount);
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json.created)).toEqual(Array(100).fill(true));
		expect(server.data.leads).toHaveLength(100);
		expect(posts()).toHaveLength(100);
		// A new lead: the unmarked leads, then spam, duplicate and both at once, then the create.
		expect(lookups()).toHaveLength(400);
		expect(lookups()[0].query).toMatchObject({ email_address: 'buyer0@example.com', order: 'desc', leads_per_page: '1' });
		const ofBuyer0 = lookups().filter((entry) => entry.query.email_address === 'buyer0@example.com');
		expect(ofBuyer0.map((entry) => flagsOf(entry.query))).toEqual(['unmarked', 'spam', 'duplicate', 'spam+duplicate']);

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
		expect(server.data.leads.map((lead) => lead.email_address)).toEqual(['ann@example.com', 'bob@example.com']);
		expect(posts()).toHaveLength(2);
		expect(lookups()).toHaveLength(8);
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
		expect(lookups()).toHaveLength(1);
		server.log.length = 0;
		const sameType = await findOrCreate([{ phone: '+15555550123' }], {
			matchBy: 'phoneNumber',
			matchValue: '={{ $json.phone }}',
			matchLeadType: true,
		});
		expect(sameType.items[0].json).toMatchObject({ created: true, lead_type: 'Transaction', phone_number: '+15555550123' });
		expect(lookups().map((entry) => entry.query)).toEqual(
			Array(4).fill(expect.objectContaining({ phone_number: '+15555550123', lead_type: 'transaction' })),
		);
		server.log.length = 0;
		const byVisitor = await findOrCreate([{ visitor: ' v-42 ' }], { matchBy: 'userId', matchValue: '={{ $json.visitor }}' });
		expect(byVisitor.items[0].json).toMatchObject({ created: true, user_id: 'v-42' });
		expect(lookups()[0].query.user_id).toBe('v-42');
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
		expect(server.log).toHaveLength(5);
	});

	it('reads the lead back when asked: one more request, every field as stored', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const { items } = await findOrCreate([{ email: 'back@example.com' }], { options: { readBack: true } });
		expect(items[0].json).toMatchObject({ email_address: 'back@example.com', lead_type: 'Transaction', lead_source: 'pos', created: true });
		expect(items[0].json).not.toHaveProperty('fields_from_request');
		expect(items[0].json.date_created).toBe(server.data.leads[0].date_created);
		expect(server.log.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			...Array(4).fill('GET /leads'),
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
		expect(lookups()).toHaveLength(6);
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

const byPhone = { matchBy: 'phoneNumber', matchValue: '={{ $json.phone }}' };

describe('find or create: one identity, in one form', () => {
	it('one run with one phone number in three spellings makes one lead, looked up and created in E.164', async () => {
		const { items } = await findOrCreate([{ phone: '+15555550123' }, { phone: '(555) 555-0123' }, { phone: '1 555 555 0123' }], byPhone);
		expect(items.map((item) => item.json.created)).toEqual([true, false, false]);
		const leadId = items[0].json.lead_id;
		expect(items.map((item) => item.json.lead_id)).toEqual([leadId, leadId, leadId]);
		expect(server.data.leads.map((lead) => lead.phone_number)).toEqual(['+15555550123']);
		expect(lookups().map((entry) => entry.query.phone_number)).toEqual(Array(4).fill('+15555550123'));
		expect(posts().map((entry) => entry.body.phone_number)).toEqual(['+15555550123']);

		server.log.length = 0;
		const again = await findOrCreate([{ phone: '555.555.0123' }, { phone: '+1 (555) 555-0123' }], byPhone);
		expect(again.items.map((item) => [item.json.created, item.json.lead_id])).toEqual([
			[false, leadId],
			[false, leadId],
		]);
		expect(server.log.map((entry) => [entry.method, entry.query.phone_number])).toEqual([['GET', '+15555550123']]);
	});

	it("reads national numbers as the Default Country Code's", async () => {
		const uk = { ...byPhone, defaultCountryCode: 44 };
		const { items } = await findOrCreate(
			[{ phone: '020 7946 0000' }, { phone: '+44 (0)20 7946 0000' }, { phone: '0044 20 7946 0000' }, { phone: '0044 (0)20 7946 0000' }],
			uk,
		);
		expect(items.map((item) => [item.json.created, item.json.phone_number])).toEqual([
			[true, '+442079460000'],
			[false, '+442079460000'],
			[false, '+442079460000'],
			[false, '+442079460000'],
		]);
		// looked up by the one form only
		expect(new Set(lookups().map((entry) => entry.query.phone_number))).toEqual(new Set(['+442079460000']));
		expect(server.data.leads).toHaveLength(1);
	});

	it.each([
		[byPhone, { phone: '555-CALL-NOW' }, /Match Value "555-CALL-NOW" is not a phone number/],
		[byPhone, { phone: '+1 555 555 0123 ext 4' }, /Match Value "\+1 555 555 0123 ext 4" is not a phone number/],
		[byPhone, { phone: '555 0123' }, /Match Value "555 0123" is not a phone number/],
		[byPhone, { phone: '020 7946 0000' }, /Match Value "020 7946 0000" is not a phone number/],
		[{}, { email: 'ann at example.com' }, /Match Value "ann at example.com" is not an email address/],
	])('refuses a Match Value that has no normal form before any request (%#)', async (extra, item, message) => {
		const { error } = await findOrCreate([item], extra);
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch('phone' in item ? /E\.164, e\.g\. \+15555550123.*'Default Country Code'/ : /name@example\.com/);
		expect(server.log).toHaveLength(0);
	});

	it('refuses an Additional Fields value that contradicts the Match Value, before any request', async () => {
		const { error } = await findOrCreate([{ email: 'ann@example.com' }], { additionalFields: { emailAddress: 'other@example.com' } });
		expect(error?.message).toMatch(/Email Address "other@example.com" in Additional Fields differs from the Match Value "ann@example.com"/);
		expect(error?.description).toMatch(/take 'Email Address' out of 'Additional Fields', or map the same value into both/);
		const phone = await findOrCreate([{ phone: '+15555550123' }], { ...byPhone, additionalFields: { phoneNumber: '+15555550199' } });
		expect(phone.error?.message).toMatch(/Phone Number "\+15555550199" in Additional Fields differs from the Match Value "\+15555550123"/);
		expect(server.log).toHaveLength(0);
	});

	it('takes an Additional Fields value that is the Match Value spelt otherwise, and creates the lead with the one form', async () => {
		const { items } = await findOrCreate([{ phone: '(555) 555-0123' }], {
			...byPhone,
			additionalFields: { phoneNumber: '+1 555 555 0123', leadSource: 'pos' },
		});
		expect(items[0].json).toMatchObject({ created: true, phone_number: '+15555550123', lead_source: 'pos' });
		expect(posts().map((entry) => entry.body.phone_number)).toEqual(['+15555550123']);
		const email = await findOrCreate([{ email: 'ann@example.com' }], { additionalFields: { emailAddress: ' ANN@example.com' } });
		expect(email.items[0].json).toMatchObject({ created: true, email_address: 'ann@example.com' });
	});
});

describe('find or create: executions that overlap', () => {
	/**
	 * Starts a second execution while the first is held at its create. The second also carries a row of
	 * its own whose lookup is held: once it arrives, the second execution's items have all started.
	 */
	async function overlapping(first: () => Promise<unknown>, second: (marker: IDataObject) => Promise<unknown>) {
		const create = server.hold({ method: 'POST', path: '/leads', times: 1 });
		const firstRun = first();
		await create.reached(1);
		const marker = server.hold({ method: 'GET', path: '/leads', query: { email_address: 'marker@example.com' }, times: 1 });
		const secondRun = second({ email: 'marker@example.com' });
		// (a second execution that fails before its marker's lookup ends the wait too)
		await Promise.race([marker.reached(1), secondRun]);
		const heldMeanwhile = server.log.map((entry) => `${entry.method} ${String(entry.query.email_address ?? entry.body.email_address)}`);
		create.open();
		marker.open();
		return { results: (await Promise.all([firstRun, secondRun])) as Awaited<ReturnType<typeof findOrCreate>>[], heldMeanwhile };
	}

	it('two executions at once with the same row make one lead: the second waits for the first and gets created: false', async () => {
		const row = { email: 'overlap@example.com', amount: 10 };
		const {
			results: [a, b],
		} = await overlapping(
			() => findOrCreate([row], withAmount),
			(marker) =>
				findOrCreate(
					[
						{ ...row, email: ' Overlap@Example.com' },
						{ ...marker, amount: 1 },
					],
					withAmount,
				),
		);
		expect(a.items[0].json).toMatchObject({ created: true, matches: 0 });
		expect(b.items[0].json).toMatchObject({ created: false, matches: 1, lead_id: a.items[0].json.lead_id });
		expect(server.data.leads.filter((lead) => lead.email_address === 'overlap@example.com')).toHaveLength(1);
		// Only the first execution asked WhatConverts about the row.
		expect(server.log.filter((entry) => entry.query.email_address === 'overlap@example.com')).toHaveLength(4);
		expect(posts().map((entry) => entry.body.email_address)).toEqual(['overlap@example.com', 'marker@example.com']);
	});

	it('an execution that asks about the same customer differently waits for the one under way, then finds its lead', async () => {
		const {
			results: [a, b],
			heldMeanwhile,
		} = await overlapping(
			() => findOrCreate([{ email: 'typed@example.com' }]),
			(marker) => findOrCreate([{ email: 'typed@example.com' }, marker], { matchLeadType: true }),
		);
		// While the first execution's create was held, the second asked nothing about the customer.
		expect(heldMeanwhile.filter((entry) => entry.endsWith('typed@example.com'))).toHaveLength(5);
		expect(b.items[0].json).toMatchObject({ created: false, matches: 1, lead_id: a.items[0].json.lead_id });
		expect(server.data.leads.filter((lead) => lead.email_address === 'typed@example.com')).toHaveLength(1);
		const typed = server.log.filter((entry) => entry.query.email_address === 'typed@example.com' && entry.query.lead_type);
		expect(typed.map((entry) => entry.query.lead_type)).toEqual(['transaction']);
	});
});

describe('find or create: spam and duplicate leads', () => {
	const marks: Array<[string, { spam?: boolean; duplicate?: boolean }]> = [
		['unmarked', {}],
		['spam', { spam: true }],
		['duplicate', { duplicate: true }],
		['both', { spam: true, duplicate: true }],
	];

	it.each([
		{ omitted: 'unflagged', false: 'unflagged' },
		{ omitted: 'unflagged', false: 'all' },
		{ omitted: 'all', false: 'unflagged' },
		{ omitted: 'all', false: 'all' },
	] as const)('finds a lead marked spam, duplicate or both, whatever lists leave out (flagFilter %j)', async (flagFilter) => {
		server.behaviour.flagFilter = { ...flagFilter };
		const existing = marks.map(([name, flags]) => {
			const lead = server.addLead({ lead_type: 'web_form', email_address: `${name}@example.com` });
			return flags.spam || flags.duplicate ? server.flagLead(lead.lead_id, flags) : lead;
		});
		const before = server.data.leads.length;
		const { items } = await findOrCreate([...existing.map((lead) => ({ email: lead.email_address })), { email: 'new@example.com' }]);
		expect(items.map((item) => [item.json.email_address, item.json.created, item.json.lead_id])).toEqual([
			...existing.map((lead) => [lead.email_address, false, lead.lead_id]),
			['new@example.com', true, server.data.leads[before].lead_id],
		]);
		expect(items.slice(1, 4).map((item) => [item.json.spam, item.json.duplicate])).toEqual([
			[true, false],
			[false, true],
			[true, true],
		]);
		expect(server.data.leads).toHaveLength(before + 1);
		// Requests per row: a lead not marked is found at once; a marked one, when lists leave marked
		// leads out, by the three lookups of marked leads; a new lead costs four lookups and the create.
		const cost = (email: unknown) => server.log.filter((entry) => (entry.query.email_address ?? entry.body.email_address) === email).length;
		const marked = flagFilter.omitted === 'all' ? 1 : 4;
		expect([...existing.map((lead) => cost(lead.email_address)), cost('new@example.com')]).toEqual([1, marked, marked, marked, 5]);
		expect(server.log.every((entry) => entry.query.spam !== 'false' && entry.query.duplicate !== 'false')).toBe(true);
	});
});

describe('find or create: one lead per sale', () => {
	const example = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'examples/offline-sales-find-or-create-lead.json'), 'utf8')) as {
		nodes: Array<{ type: string; parameters: INodeParameters }>;
	};
	const exampleParameters = example.nodes.find((node) => node.type === 'n8n-nodes-whatconverts.whatConverts')!.parameters;
	const runExample = (rows: IDataObject[], parameters: INodeParameters = exampleParameters) =>
		runNode({
			parameters: { ...parameters, rateLimitHandling: QUICK_RETRIES },
			items: rows,
			credentials: credentialsFor(server),
		});
	const sales = [
		{ email: 'ann@example.com', amount: 250, order_id: 'A-1001', date: '2025-05-02T14:30:00Z' },
		{ email: 'bob@example.com', amount: 80, order_id: 'A-1003', date: '2025-05-02T14:30:00Z' },
		{ email: 'ann@example.com', amount: 900, order_id: 'A-1002', date: '2025-05-09T09:05:12Z' },
	];

	it("the example records a repeat customer's second sale, and a re-run records nothing", async () => {
		const first = await runExample(sales);
		expect(first.error).toBeUndefined();
		expect(
			first.items.map((item) => [item.json.created, item.json.email_address, item.json.sales_value, item.json.transaction_id]),
		).toEqual(sales.map((sale) => [true, sale.email, sale.amount, sale.order_id]));
		expect(server.data.leads.map((lead) => [lead.email_address, lead.date_created, lead.sales_value])).toEqual([
			['ann@example.com', '2025-05-02T14:30:00Z', 250],
			['bob@example.com', '2025-05-02T14:30:00Z', 80],
			['ann@example.com', '2025-05-09T09:05:12Z', 900],
		]);
		// A sale with its Transaction ID is looked up among the customer's transaction leads two days either side of its date.
		expect(lookups()[0].query).toMatchObject({
			email_address: 'ann@example.com',
			start_date: '2025-04-30T14:30:00Z',
			end_date: '2025-05-04T14:30:00Z',
			lead_type: 'transaction',
		});
		// a new sale: four lookups (unmarked, spam, duplicate, both) and its create
		expect(server.log).toHaveLength(15);

		server.log.length = 0;
		const again = await runExample([...sales, { ...sales[2], email: 'ANN@example.com' }]);
		expect(again.items.map((item) => [item.json.created, item.json.lead_id])).toEqual(
			[...first.items, first.items[2]].map((item) => [false, item.json.lead_id]),
		);
		expect(posts()).toHaveLength(0);
		expect(lookups()).toHaveLength(3);
	});

	it.each([{ dateFilter: 'day' }, { dateFormat: 'zoneless' }, { dateFilter: 'day', dateFormat: 'zoneless' }] as const)(
		'tells two sales of one customer on one day apart when dates are filtered or written otherwise (%j)',
		async (behaviour) => {
			Object.assign(server.behaviour, behaviour);
			const day = [
				{ email: 'cara@example.com', amount: 10, order_id: 'C-1', date: '2025-06-01T08:00:00Z' },
				{ email: 'cara@example.com', amount: 20, order_id: 'C-2', date: '2025-06-01T08:00:01Z' },
				{ email: 'cara@example.com', amount: 30, order_id: 'C-3', date: '2025-06-01T17:45:00Z' },
			];
			const first = await runExample(day);
			expect(first.items.map((item) => item.json.created)).toEqual([true, true, true]);
			expect(server.data.leads).toHaveLength(3);
			server.log.length = 0;
			const again = await runExample(day);
			expect(again.items.map((item) => [item.json.created, item.json.lead_id])).toEqual(
				first.items.map((item) => [false, item.json.lead_id]),
			);
			expect(posts()).toHaveLength(0);
		},
	);

	it('a sale by its Transaction ID: rows with a date but no time, and two sales of one customer in one second, each make one lead; a re-run none', async () => {
		const rows = [
			{ email: 'dan@example.com', amount: 10, order_id: 'D-1', date: '2025-07-01' },
			{ email: 'dan@example.com', amount: 20, order_id: 'D-2', date: '2025-07-01' },
			{ email: 'eve@example.com', amount: 30, order_id: 'E-1', date: '2025-07-01T10:00:00Z' },
			{ email: 'eve@example.com', amount: 40, order_id: 'E-2', date: '2025-07-01T10:00:00Z' },
			{ email: 'eve@example.com', amount: 50, order_id: ' E-3 ', date: '2025-07-01T10:00:00Z' },
		];
		const first = await runExample(rows);
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => [item.json.created, item.json.transaction_id])).toEqual([
			[true, 'D-1'],
			[true, 'D-2'],
			[true, 'E-1'],
			[true, 'E-2'],
			[true, ' E-3 '],
		]);
		expect(server.data.leads.map((lead) => [lead.email_address, lead.transaction_id, lead.sales_value])).toEqual(
			rows.map((row) => [row.email, row.order_id, row.amount]),
		);
		expect(lookups()[0].query).toMatchObject({
			start_date: '2025-06-29T00:00:00Z',
			end_date: '2025-07-03T00:00:00Z',
			lead_type: 'transaction',
		});

		server.log.length = 0;
		const again = await runExample([...rows].reverse().map((row) => ({ ...row, order_id: row.order_id.trim() })));
		expect(again.items.map((item) => [item.json.created, item.json.lead_id])).toEqual(
			[...first.items].reverse().map((item) => [false, item.json.lead_id]),
		);
		expect(posts()).toHaveLength(0);
		// one request a row: the customer's few transaction leads fit one page
		expect(server.log).toHaveLength(5);
		expect(server.data.leads).toHaveLength(5);
	});

	it("a sale by its Transaction ID is found among the customer's many transaction leads, every page read", async () => {
		// 2,600 of them that day: the sale's lead (dated at midnight, the oldest) is on the second page of 2,500
		server.addLeads(2_600, { lead_type: 'transaction', email_address: 'fay@example.com', date_created: '2025-08-01T12:00:00Z' } as never);
		const row = { email: 'fay@example.com', amount: 5, order_id: 'F-1', date: '2025-08-01' };
		const first = await runExample([row]);
		expect(first.items[0].json.created).toBe(true);
		server.log.length = 0;
		const again = await runExample([row]);
		expect(again.items[0].json).toMatchObject({ created: false, lead_id: first.items[0].json.lead_id, matches: 1 });
		expect(lookups().map((entry) => entry.query.page_number)).toEqual(['1', '2']);
	});

	it("a sale's lookup reads 4 pages at most: past 10,000 of the customer's leads around its date the row fails, and nothing is created", async () => {
		server.addLeads(10_001, { lead_type: 'transaction', email_address: 'gus@example.com', date_created: '2025-09-01T12:00:00Z' } as never);
		const { error } = await runExample([{ email: 'gus@example.com', amount: 5, order_id: 'G-1', date: '2025-09-01' }]);
		expect(error?.message).toBe(
			"More than 10,000 leads of this customer around this sale's date: the sale was not looked for among all of them",
		);
		expect(lookups().map((entry) => entry.query.page_number)).toEqual(['1', '2', '3', '4']);
		expect(posts()).toHaveLength(0);
	});

	it('refuses a sale without a Transaction ID and without its Date Created, or with a date but no time, before any request', async () => {
		// rows without an id: Same Date Created tells a customer's sales apart by their second
		const withoutId = { ...(exampleParameters.additionalFields as IDataObject) };
		delete withoutId.transactionId;
		const byDate = { ...exampleParameters, additionalFields: withoutId as INodeParameters };
		const dateOnly = await runExample([{ ...sales[0], date: '2025-05-02' }], byDate);
		expect(dateOnly.error?.message).toMatch(/Date Created "2025-05-02" has no time of day/);
		expect(dateOnly.error?.description).toMatch(/the sale's date and time to the second, e\.g\. 2025-05-02T14:30:00Z/);
		expect(dateOnly.error?.description).toMatch(/'Transaction ID'/);
		const withoutDate = { ...withoutId };
		delete withoutDate.dateCreated;
		const missing = await runExample([sales[0]], { ...exampleParameters, additionalFields: withoutDate as INodeParameters });
		expect(missing.error?.message).toMatch(/Date Created is empty/);
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
