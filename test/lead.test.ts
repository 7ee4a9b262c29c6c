// Lead operations through n8n's real engine against the local WhatConverts server.
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';

const server = useServer();

const leadRequests = () => server.log.filter((entry) => entry.path.startsWith('/leads'));

describe('lead getAll', () => {
	it('returns all 12,000 leads in exactly 5 requests of 2,500, each starting at the date of the last lead read', async () => {
		server.addLeads(12_000, { startAt: '2025-01-01T00:00:00Z', stepSeconds: 60 });
		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true },
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(12_000);
		expect(new Set(items.map((item) => item.json.lead_id)).size).toBe(12_000);
		expect(server.log).toHaveLength(5);
		expect(server.log.every((entry) => entry.query.leads_per_page === '2500' && entry.query.page_number === '1')).toBe(true);
		// Newest first: each page ends where the previous one's last (oldest) lead was created, that second included.
		expect(server.log[0].query.end_date).toBeUndefined();
		const lastOfPage = [2499, 4998, 7497, 9996].map((index) => String(items[index].json.date_created));
		expect(server.log.slice(1).map((entry) => entry.query.end_date)).toEqual(lastOfPage);
		// Newest first, as WhatConverts orders by default.
		expect(String(items[0].json.date_created) > String(items[11_999].json.date_created)).toBe(true);
	});

	it('asks for exactly the limit when it fits in one page', async () => {
		server.addLeads(100);
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: false, limit: 30 },
			credentials: credentialsFor(server),
		});
		expect(items).toHaveLength(30);
		expect(server.log).toHaveLength(1);
		expect(server.log[0].query).toMatchObject({ leads_per_page: '30', page_number: '1' });
	});

	it('stops paging as soon as a larger limit is reached', async () => {
		server.addLeads(6_000);
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: false, limit: 3_000 },
			credentials: credentialsFor(server),
		});
		expect(items).toHaveLength(3_000);
		expect(new Set(items.map((item) => item.json.lead_id)).size).toBe(3_000);
		// The second request asks for the 500 still wanted and the one lead of its first second already read.
		expect(server.log.map((entry) => [entry.query.leads_per_page, entry.query.end_date])).toEqual([
			['2500', undefined],
			['501', items[2499].json.date_created],
		]);
	});

	it('costs one request and returns nothing when there are no leads', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true },
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(0);
		expect(server.log).toHaveLength(1);
	});

	it('sends every filter under its API name with API values', async () => {
		await runNode({
			parameters: {
				resource: 'lead',
				operation: 'getAll',
				returnAll: true,
				filters: {
					customerJourney: true,
					duplicate: false,
					emailAddress: 'ann@example.com',
					endDate: '2025-03-31',
					leadCampaign: 'spring',
					leadContent: 'ad-1',
					leadKeyword: 'plumber',
					leadMedium: 'cpc',
					leadSource: 'google',
					leadStatus: 'repeat',
					leadType: 'phone_call',
					order: 'asc',
					phoneNumber: '+15555550123',
					quotable: 'not_set',
					quoteValue: 'has_value',
					salesValue: 'no_value',
					spam: false,
					startDate: '2025-01-01T08:30:00',
					userId: 'visitor-1',
				},
			},
			credentials: credentialsFor(server),
		});
		expect(server.log).toHaveLength(1);
		expect(server.log[0].query).toEqual({
			customer_journey: 'true',
			duplicate: 'false',
			email_address: 'ann@example.com',
			end_date: '2025-03-31T23:59:59Z',
			lead_campaign: 'spring',
			lead_content: 'ad-1',
			lead_keyword: 'plumber',
			lead_medium: 'cpc',
			lead_source: 'google',
			lead_status: 'repeat',
			lead_type: 'phone_call',
			order: 'asc',
			phone_number: '+15555550123',
			quotable: 'not_set',
			quote_value: 'has_value',
			sales_value: 'no_value',
			spam: 'false',
			start_date: '2025-01-01T08:30:00Z',
			user_id: 'visitor-1',
			leads_per_page: '2500',
			page_number: '1',
		});
	});

	it('sends account and profile filters with a master key', async () => {
		server.addLeads(5, { profileId: 2001 });
		server.addLeads(7, { profileId: 2003 });
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, filters: { profileId: '2003' } },
			credentials: credentialsFor(server, server.keys.master),
		});
		expect(server.log[0].query.profile_id).toBe('2003');
		expect(items).toHaveLength(7);
		expect(items.every((item) => item.json.profile_id === 2003)).toBe(true);
	});

	it('reads a range over 400 days in 400-day windows, losing and repeating nothing at the seams', async () => {
		// One lead every 6 hours over 2.5 years, with leads exactly on each window boundary.
		server.addLeads(3_650, { startAt: '2023-01-01T00:00:00Z', stepSeconds: 6 * 3600 });
		const { items, error } = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'getAll',
				returnAll: true,
				filters: { startDate: '2023-01-01', endDate: '2025-06-30', order: 'asc' },
			},
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		const expected = server.data.leads.filter(
			(lead) => lead.date_created >= '2023-01-01T00:00:00Z' && lead.date_created <= '2025-06-30T23:59:59Z',
		);
		expect(items).toHaveLength(expected.length);
		expect(new Set(items.map((item) => item.json.lead_id)).size).toBe(expected.length);
		const windows = server.log.map((entry) => [entry.query.start_date, entry.query.end_date]);
		expect(windows).toEqual([
			['2023-01-01T00:00:00Z', '2024-02-04T23:59:59Z'],
			['2024-02-05T00:00:00Z', '2025-03-10T23:59:59Z'],
			['2025-03-11T00:00:00Z', '2025-06-30T23:59:59Z'],
		]);
		const dates = items.map((item) => String(item.json.date_created));
		expect([...dates].sort()).toEqual(dates);
	});

	it('reads the newest window first when ordered newest first, and stops at the limit', async () => {
		server.addLeads(1_000, { startAt: '2023-01-01T00:00:00Z', stepSeconds: 86_400 });
		const { items } = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'getAll',
				returnAll: false,
				limit: 10,
				filters: { startDate: '2023-01-01', endDate: '2025-06-30' },
			},
			credentials: credentialsFor(server),
		});
		expect(items).toHaveLength(10);
		expect(server.log).toHaveLength(1);
		expect(server.log[0].query.start_date).toBe('2025-03-11T00:00:00Z');
		expect(items[0].json.date_created).toBe('2025-06-30T00:00:00Z');
	});
});

describe('lead get', () => {
	it('returns the lead itself, not the list envelope, with [] maps as {}', async () => {
		// WhatConverts sends an empty map as [].
		const [lead] = server.addLeads(1, { additional_fields: [] as never, lead_analysis: [] as never });
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: String(lead.lead_id) },
			credentials: credentialsFor(server),
		});
		expect(items).toHaveLength(1);
		expect(items[0].json.lead_id).toBe(lead.lead_id);
		expect(items[0].json).not.toHaveProperty('leads');
		expect(items[0].json.additional_fields).toEqual({});
		expect(items[0].json.lead_analysis).toEqual({});
		expect(leadRequests()[0].path).toBe(`/leads/${lead.lead_id}`);
	});

	it('asks for the customer journey when told to', async () => {
		const [lead] = server.addLeads(1);
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: String(lead.lead_id), customerJourney: true },
			credentials: credentialsFor(server),
		});
		expect(server.log[0].query.customer_journey).toBe('true');
		expect(Array.isArray(items[0].json.customer_journey)).toBe(true);
	});

	it.each([400, 404] as const)('turns an unknown lead id answered %i into an API error with its message', async (status) => {
		server.behaviour.unknownIdStatus = status;
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: '999999' },
			credentials: credentialsFor(server),
		});
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(status === 400 ? /Invalid lead ID/ : /not found/i);
		expect(error?.description).toMatch(/Check that the Lead ID exists/);
		expect(server.log).toHaveLength(1);
	});
});

describe('lead create', () => {
	it('posts a form-encoded lead with its maps as bracket keys', async () => {
		const { items, error } = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'create',
				leadType: 'phone_call',
				additionalFields: {
					leadSource: 'google',
					leadMedium: 'cpc',
					quoteValue: 250.5,
					sendNotification: false,
					callerNumber: '+15555550123',
					callDurationSeconds: 73,
					dateCreated: '2025-02-03T04:05:06',
					additionalFields: { field: [{ name: 'Service', value: 'Boiler repair' }] },
					customFields: { field: [{ name: 'Branch', value: 'North' }] },
				},
			},
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect(post.method).toBe('POST');
		expect(post.path).toBe('/leads');
		expect(post.contentType).toMatch(/^application\/x-www-form-urlencoded/);
		const form = new URLSearchParams(post.rawBody);
		expect(Object.fromEntries(form)).toEqual({
			lead_type: 'phone_call',
			lead_source: 'google',
			lead_medium: 'cpc',
			quote_value: '250.5',
			send_notification: 'false',
			caller_number: '+15555550123',
			call_duration_seconds: '73',
			date_created: '2025-02-03T04:05:06Z',
			'additional_fields[Service]': 'Boiler repair',
			'custom_fields[Branch]': 'North',
		});
		expect(items[0].json.lead_type).toBe('Phone Call');
		expect(server.data.leads).toHaveLength(1);
	});

	it('sends the profile id with a master key, and passes on the API refusal without one', async () => {
		const withProfile = await runNode({
			parameters: { resource: 'lead', operation: 'create', leadType: 'chat', profileId: '2003' },
			credentials: credentialsFor(server, server.keys.master),
		});
		expect(withProfile.error).toBeUndefined();
		expect(server.log[0].body).toMatchObject({ profile_id: '2003', lead_type: 'chat' });
		const without = await runNode({
			parameters: { resource: 'lead', operation: 'create', leadType: 'chat' },
			credentials: credentialsFor(server, server.keys.master),
		});
		expect(without.error?.name).toBe('NodeApiError');
		expect(without.error?.message).toMatch(/profile_id/i);
	});
});

describe('lead update', () => {
	it('posts only the changed fields to the lead URL', async () => {
		const [lead] = server.addLeads(1);
		const { items, error } = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'update',
				leadId: String(lead.lead_id),
				updateFields: { salesValue: 1200, quotable: 'yes', customFields: { field: [{ name: 'Stage', value: 'Won' }] } },
			},
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect(post.method).toBe('POST');
		expect(post.path).toBe(`/leads/${lead.lead_id}`);
		expect(Object.fromEntries(new URLSearchParams(post.rawBody))).toEqual({
			sales_value: '1200',
			quotable: 'yes',
			'custom_fields[Stage]': 'Won',
		});
		expect(items[0].json.sales_value).toBe(1200);
		expect(items[0].json.quotable).toBe('Yes');
	});

	it('refuses an empty update before sending anything', async () => {
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'update', leadId: '123', updateFields: {} },
			credentials: credentialsFor(server),
		});
		expect(error?.message).toMatch(/Update Fields is empty/);
		expect(error?.description).toMatch(/Quote Value/);
		expect(server.log).toHaveLength(0);
	});
});

describe('input checks, before any request is spent', () => {
	it.each([
		[{ operation: 'getAll', returnAll: true, filters: { leadType: 'phonecall' } }, /Lead Type "phonecall"/, /phone_call/],
		[
			{ operation: 'getAll', returnAll: true, filters: { startDate: 'last tuesday' } },
			/Created From "last tuesday" is not a date/,
			/ISO 8601/,
		],
		[
			{ operation: 'getAll', returnAll: true, filters: { startDate: '2025-03-01', endDate: '2025-02-01' } },
			/Created To "2025-02-01" is before Created From "2025-03-01"/,
			/Swap/,
		],
		[{ operation: 'get', leadId: 'abc' }, /Lead ID "abc" is not a WhatConverts ID/, /whole numbers/],
		[{ operation: 'getAll', returnAll: true, filters: { profileId: 'main' } }, /Profile ID "main"/, /whole numbers/],
		[{ operation: 'create', leadType: 'fax' }, /Lead Type "fax"/, /web_form/],
		[{ operation: 'update', leadId: '5', updateFields: { quoteValue: 'lots' } }, /Quote Value "lots" is not a number/, /plain number/],
	])('%j fails naming the field and what is allowed', async (parameters, message, description) => {
		const { error } = await runNode({
			parameters: { resource: 'lead', ...parameters },
			credentials: credentialsFor(server),
		});
		// The node throws NodeOperationError; RoutingNode re-wraps it, keeping message and description.
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(description);
		expect(server.log).toHaveLength(0);
	});

	it('refuses a bad Read Back value before the lead is created, not after', async () => {
		const { error } = await runNode({
			parameters: { resource: 'lead', operation: 'create', leadType: 'web_form', options: { readBack: 'perhaps' } },
			credentials: credentialsFor(server),
		});
		expect(error?.message).toMatch(/Read Back the Lead "perhaps" is not true or false/);
		expect(server.log).toHaveLength(0);
		expect(server.data.leads).toHaveLength(0);
	});

	it('with Continue On Fail, reports the bad item and still serves the good ones', async () => {
		const [first, second] = server.addLeads(2);
		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: '={{ $json.id }}' },
			items: [{ id: first.lead_id }, { id: 'not-an-id' }, { id: second.lead_id }],
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json.lead_id).toBe(first.lead_id);
		expect(JSON.stringify(items[1])).toMatch(/Lead ID \\"not-an-id\\" is not a WhatConverts ID/);
		expect(items[2].json.lead_id).toBe(second.lead_id);
		expect(server.log).toHaveLength(2);
	});
});
