// The package installed as a community package in a real n8n ($N8N_VERSION), driven by
// the n8n CLI: `import:credentials`, `import:workflow`, `execute --id`. Every check talks to its own
// in-process WhatConverts test server, so its request log counts that check's requests only.
//
// n8n CLI commands cost seconds each, so the checks that succeed run as chains of one workflow
// (one `execute`); the checks that fail a run have a workflow each.
import fs from 'node:fs';

import { addProfiles, growAccounts, growRoles, growTracking, growUsers, pick } from '../harness/agency';
import { recordingFor, WhatConvertsServer } from '../server';
import type { Lead, LoggedRequest } from '../server';
import type { ExecuteResult } from './n8n';
import * as n8n from './n8n';
import type { WorkflowNode } from './workflows';
import { binaryBytes, credential, firstItem, output, secretsOf, whatConverts, workflow } from './workflows';

const SETUP_TIMEOUT_MS = 20 * 60_000;
const WRONG_SECRET = 'e2e-Wrong-Secret-7Q2x';

const servers = {
	allLeads: new WhatConvertsServer(),
	limit: new WhatConvertsServer({ seed: 'demo' }),
	get: new WhatConvertsServer({ seed: 'demo' }),
	filters: new WhatConvertsServer({ seed: 'demo' }),
	recording: new WhatConvertsServer({ seed: 'demo' }),
	writes: new WhatConvertsServer(),
	retry: new WhatConvertsServer(),
	lists: new WhatConvertsServer(),
	accountLife: new WhatConvertsServer(),
	profileLife: new WhatConvertsServer(),
	fanOut: new WhatConvertsServer(),
	burst: new WhatConvertsServer(),
	wrongSecret: new WhatConvertsServer(),
	quota: new WhatConvertsServer(),
	profileKey: new WhatConvertsServer(),
	hostile: new WhatConvertsServer({ seed: 'demo' }),
};
type Name = keyof typeof servers;
/** Checks whose credential is the master (agency) key; the others use a profile key. */
const MASTER: Name[] = ['limit', 'get', 'filters', 'recording', 'lists', 'accountLife', 'profileLife', 'hostile'];

/** Values from a CRM webhook, a sheet or an agent that must never reach a path, a query or "all". */
const HOSTILE_IDS = [
	'1/../../users',
	'102/../../../13',
	'500001?customer_journey=true&x=',
	'%2e%2e/users',
	'..%2F..%2Fusers',
	'1#x',
	'1e3',
	'-5',
	'١٢٣',
	'',
];
const HOSTILE_LIMITS = [0, -5, 2.5, 'abc', 'NaN', 100000000000000000000];
/** Item i gets hostile value i; items after the list keep their own lead id. */
const nth = (values: unknown[], otherwise: string) => `={{ ${JSON.stringify(values)}[$itemIndex] ?? ${otherwise} }}`;

const node = (name: string, server: Name, parameters: Record<string, unknown>): WorkflowNode => whatConverts(name, server, parameters);
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const visible = (server: WhatConvertsServer) => server.data.leads.filter((lead) => !lead.spam && !lead.duplicate);
const requests = (name: Name) => servers[name].log;
const lines = (log: LoggedRequest[]) => log.map((r) => `${r.method} ${r.path} ${r.status}`);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let userFolder: string;
let run: ExecuteResult;
let runSeconds: number;
const summary: string[] = [];
const note = (check: string, log: LoggedRequest[]) => summary.push(`${check}: ${log.length} request(s)`);

// Inputs the checks need, fixed before the run.
let getLead: Lead;
let recordedLeadId: number;
const filters = { from: '', to: '' };

beforeAll(async () => {
	await Promise.all(Object.values(servers).map((server) => server.start()));

	servers.allLeads.addLeads(12_000);
	getLead = visible(servers.get)[1234];
	recordedLeadId = [...servers.recording.data.recordings.keys()][0];
	filters.from = day(Date.now() - 120 * 86_400_000);
	filters.to = day(Date.now() - 10 * 86_400_000);
	servers.retry.injectFault({ fault: { kind: 'status', status: 429 }, times: 2, method: 'POST', path: '/leads' });
	growAccounts(servers.lists, 260);
	addProfiles(servers.lists, 1001, 260 - servers.lists.data.profiles.filter((p) => p.account_id === 1001).length);
	growUsers(servers.lists, 'master_account_user', 260);
	growRoles(servers.lists, 260);
	growTracking(servers.lists, 260);
	servers.fanOut.addLeads(600);
	servers.fanOut.behaviour.latencyMs = 40;
	servers.burst.addLeads(100);
	// A burst: the first 20 reads of single leads are refused as too many (no Retry-After header).
	servers.burst.injectFault({ fault: { kind: 'status', status: 429 }, times: 20, method: 'GET', path: /^\/leads\/\d+$/ });
	servers.wrongSecret.addLeads(1);
	servers.quota.addLeads(10);
	servers.quota.setQuotaUsed('profile', 1_000);

	userFolder = n8n.makeUserFolder();
	await n8n.importCredentials(
		userFolder,
		(Object.keys(servers) as Name[]).map((name) => {
			const server = servers[name];
			const key = MASTER.includes(name) ? server.keys.master : server.keys.profile;
			return credential(name, server, key, name === 'wrongSecret' ? WRONG_SECRET : key.secret);
		}),
	);
	const eachLead = (name: string, server: Name) =>
		node(name, server, { resource: 'lead', operation: 'get', leadId: '={{ $json.lead_id }}' });
	await n8n.importWorkflows(userFolder, [
		workflow('e2eChecks', [
			[node('All leads', 'allLeads', { resource: 'lead', operation: 'getAll', returnAll: true })],
			[node('First 30 leads', 'limit', { resource: 'lead', operation: 'getAll', returnAll: false, limit: 30 })],
			[node('One lead', 'get', { resource: 'lead', operation: 'get', leadId: String(getLead.lead_id) })],
			[
				node('Filtered leads', 'filters', {
					resource: 'lead',
					operation: 'getAll',
					returnAll: true,
					filters: { leadType: 'phone_call', leadSource: 'google', startDate: filters.from, endDate: filters.to, order: 'asc' },
				}),
			],
			[
				node('Recording', 'recording', {
					resource: 'recording',
					operation: 'get',
					leadId: String(recordedLeadId),
					binaryPropertyName: 'audio',
				}),
			],
			[
				node('Create lead', 'writes', {
					resource: 'lead',
					operation: 'create',
					leadType: 'web_form',
					additionalFields: {
						emailAddress: 'pat.e2e@example.com',
						leadSource: 'e2e',
						formName: 'Contact us',
						quoteValue: 300,
						additionalFields: { field: [{ name: 'Service Needed', value: 'Boiler' }] },
					},
				}),
				node('Update lead', 'writes', {
					resource: 'lead',
					operation: 'update',
					leadId: '={{ $json.lead_id }}',
					updateFields: { salesValue: 1250.5, quotable: 'yes' },
				}),
				node('Read lead back', 'writes', { resource: 'lead', operation: 'get', leadId: '={{ $json.lead_id }}' }),
			],
			[node('Create lead through 429s', 'retry', { resource: 'lead', operation: 'create', leadType: 'phone_call' })],
			[node('Accounts', 'lists', { resource: 'account', operation: 'getAll', returnAll: true })],
			[node('Profiles', 'lists', { resource: 'profile', operation: 'getAll', accountId: pick(1001), returnAll: true })],
			[node('Users', 'lists', { resource: 'user', operation: 'getAll', returnAll: true })],
			[node('Roles', 'lists', { resource: 'role', operation: 'getAll', returnAll: true })],
			[node('Tracking numbers', 'lists', { resource: 'trackingNumber', operation: 'getAll', returnAll: true })],
			[node('Tracking forms', 'lists', { resource: 'trackingForm', operation: 'getAll', returnAll: true })],
			[
				node('Create account', 'accountLife', {
					resource: 'account',
					operation: 'create',
					accountName: 'E2E Plumbing',
					additionalFields: { createProfile: true },
				}),
				node('Rename account', 'accountLife', {
					resource: 'account',
					operation: 'update',
					accountId: byId('={{ $json.account_id }}'),
					accountName: 'E2E Plumbing & Heating',
				}),
				node('Read account', 'accountLife', { resource: 'account', operation: 'get', accountId: byId('={{ $json.account_id }}') }),
				node('Delete account', 'accountLife', { resource: 'account', operation: 'delete', accountId: byId('={{ $json.account_id }}') }),
			],
			[
				node('Create profile', 'profileLife', {
					resource: 'profile',
					operation: 'create',
					accountId: pick(1001),
					profileName: 'e2e.example',
				}),
				node('Rename profile', 'profileLife', {
					resource: 'profile',
					operation: 'update',
					accountId: pick(1001),
					profileId: byId('={{ $json.profile_id }}'),
					profileName: 'www.e2e.example',
				}),
				node('Read profile', 'profileLife', {
					resource: 'profile',
					operation: 'get',
					accountId: pick(1001),
					profileId: byId('={{ $json.profile_id }}'),
				}),
				node('Delete profile', 'profileLife', {
					resource: 'profile',
					operation: 'delete',
					accountId: pick(1001),
					profileId: byId('={{ $json.profile_id }}'),
				}),
			],
			[
				node('500 leads', 'fanOut', { resource: 'lead', operation: 'getAll', returnAll: false, limit: 500 }),
				eachLead('Each of the 500', 'fanOut'),
			],
			[
				node('100 leads', 'burst', { resource: 'lead', operation: 'getAll', returnAll: false, limit: 100 }),
				eachLead('Each of the 100', 'burst'),
			],
			[
				node('Leads for hostile ids', 'hostile', {
					resource: 'lead',
					operation: 'getAll',
					returnAll: false,
					limit: HOSTILE_IDS.length + 3,
				}),
				{
					...node('Get by hostile ids', 'hostile', { resource: 'lead', operation: 'get', leadId: nth(HOSTILE_IDS, '$json.lead_id') }),
					onError: 'continueRegularOutput',
				},
				{
					...node('Delete profiles by hostile ids', 'hostile', {
						resource: 'profile',
						operation: 'delete',
						accountId: byId('1001'),
						profileId: byId(nth(HOSTILE_IDS, "'x'")),
					}),
					onError: 'continueRegularOutput',
				},
				{
					...node('Rename accounts by hostile ids', 'hostile', {
						resource: 'account',
						operation: 'update',
						accountId: byId(nth(HOSTILE_IDS, "'x'")),
						accountName: 'renamed',
					}),
					onError: 'continueRegularOutput',
				},
				{
					...node('Hostile limits', 'hostile', {
						resource: 'lead',
						operation: 'getAll',
						returnAll: false,
						limit: nth(HOSTILE_LIMITS, "'x'"),
					}),
					onError: 'continueRegularOutput',
				},
			],
		]),
		workflow('e2eWrongSecret', [
			[node('Read with a wrong secret', 'wrongSecret', { resource: 'lead', operation: 'getAll', returnAll: true })],
		]),
		workflow('e2eQuota', [[node('Read with the quota spent', 'quota', { resource: 'lead', operation: 'getAll', returnAll: true })]]),
		workflow('e2eProfileKey', [
			[node('Accounts with a profile key', 'profileKey', { resource: 'account', operation: 'getAll', returnAll: true })],
		]),
	]);

	const started = Date.now();
	run = await n8n.executeWorkflow(userFolder, 'e2eChecks');
	runSeconds = (Date.now() - started) / 1000;
	if (!run.ok) throw new Error(`the check workflow failed: ${run.error?.message} ${run.error?.description ?? ''}`);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await Promise.all(Object.values(servers).map((server) => server.stop()));
	if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	if (summary.length)
		process.stdout.write(`\nrequests per check (the check workflow ran in ${runSeconds?.toFixed(1)} s):\n  ${summary.join('\n  ')}\n`);
});

describe('leads', () => {
	it('Return All reads 12,000 distinct leads in exactly 5 requests of 2,500, each from the date of the last lead read', () => {
		const items = output(run, 'All leads');
		expect(items).toHaveLength(12_000);
		const ids = new Set(items.map((item) => item.lead_id));
		expect(ids.size).toBe(12_000);
		expect([...ids].sort()).toEqual(servers.allLeads.data.leads.map((lead) => lead.lead_id).sort());
		const log = requests('allLeads');
		expect(log.map((r) => [r.path, r.query.page_number, r.query.leads_per_page, r.status])).toEqual(
			[1, 2, 3, 4, 5].map(() => ['/leads', '1', '2500', 200]),
		);
		// Newest first: each request ends at the second of the last lead read, so the list may change meanwhile.
		const ends = log.map((r) => r.query.end_date as string | undefined);
		expect(ends[0]).toBeUndefined();
		expect(ends.slice(1)).toEqual([...(ends.slice(1) as string[])].sort().reverse());
		note('lead Return All (12,000)', log);
	});

	it('a limit of 30 asks for 30 leads in one request: the newest 30', () => {
		const items = output(run, 'First 30 leads');
		expect(items).toHaveLength(30);
		const log = requests('limit');
		expect(log.map((r) => [r.path, r.query.leads_per_page, r.query.page_number])).toEqual([['/leads', '30', '1']]);
		const returned = new Set(items.map((item) => item.lead_id));
		expect(returned.size).toBe(30);
		const oldestReturned = Math.min(...items.map((item) => Date.parse(String(item.date_created))));
		const newestLeft = Math.max(
			...visible(servers.limit)
				.filter((l) => !returned.has(l.lead_id))
				.map((l) => Date.parse(l.date_created)),
		);
		expect(oldestReturned).toBeGreaterThanOrEqual(newestLeft);
		note('lead limit 30', log);
	});

	it('get returns the bare lead, not the list envelope', () => {
		const [item] = output(run, 'One lead');
		expect(item).not.toHaveProperty('leads');
		expect(item).toMatchObject({
			lead_id: getLead.lead_id,
			lead_type: getLead.lead_type,
			date_created: getLead.date_created,
			lead_source: getLead.lead_source,
			profile_id: getLead.profile_id,
		});
		expect(lines(requests('get'))).toEqual([`GET /leads/${getLead.lead_id} 200`]);
		note('lead get', requests('get'));
	});

	it('filters go out under their API names and the leads that come back match them', () => {
		const items = output(run, 'Filtered leads');
		const start = Date.parse(`${filters.from}T00:00:00Z`);
		const end = Date.parse(`${filters.to}T23:59:59Z`);
		const expected = visible(servers.filters).filter(
			(l) =>
				l.lead_type === 'Phone Call' &&
				l.lead_source === 'google' &&
				Date.parse(l.date_created) >= start &&
				Date.parse(l.date_created) <= end,
		);
		expect(expected.length).toBeGreaterThan(20);
		expect(items.map((item) => item.lead_id).sort()).toEqual(expected.map((l) => l.lead_id).sort());
		const dates = items.map((item) => Date.parse(String(item.date_created)));
		expect(dates).toEqual([...dates].sort((a, b) => a - b));
		const log = requests('filters');
		expect(log).toHaveLength(1);
		expect(log[0].query).toMatchObject({ lead_type: 'phone_call', lead_source: 'google', order: 'asc', leads_per_page: '2500' });
		expect(String(log[0].query.start_date)).toMatch(new RegExp(`^${filters.from}`));
		expect(String(log[0].query.end_date)).toMatch(new RegExp(`^${filters.to}`));
		note('lead filters', log);
	});

	it('create sends a form-encoded lead; update changes the sales value; get reads it back', () => {
		const [created] = output(run, 'Create lead');
		const [updated] = output(run, 'Update lead');
		const [readBack] = output(run, 'Read lead back');
		const { data, log } = { data: servers.writes.data, log: requests('writes') };
		expect(data.leads).toHaveLength(1);
		const lead = data.leads[0];
		expect(created).toMatchObject({
			lead_id: lead.lead_id,
			lead_type: 'Web Form',
			email_address: 'pat.e2e@example.com',
			lead_source: 'e2e',
			form_name: 'Contact us',
			quote_value: 300,
		});
		expect(updated).toMatchObject({ lead_id: lead.lead_id, sales_value: 1250.5, quotable: 'Yes' });
		expect(readBack).toMatchObject({ lead_id: lead.lead_id, sales_value: 1250.5, quotable: 'Yes', quote_value: 300 });
		expect(lead).toMatchObject({ sales_value: 1250.5, quotable: 'Yes', additional_fields: { 'Service Needed': 'Boiler' } });
		expect(lines(log)).toEqual(['POST /leads 200', `POST /leads/${lead.lead_id} 200`, `GET /leads/${lead.lead_id} 200`]);
		expect(log[0].contentType).toMatch(/application\/x-www-form-urlencoded/);
		expect(log[0].rawBody).toContain('additional_fields%5BService+Needed%5D=Boiler');
		expect(log[1].body).toEqual({ sales_value: '1250.5', quotable: 'yes' });
		note('lead create + update + get', log);
	});

	it('a create answered 429 twice is sent again and makes exactly one lead', () => {
		const [created] = output(run, 'Create lead through 429s');
		expect(lines(requests('retry'))).toEqual(['POST /leads 429', 'POST /leads 429', 'POST /leads 200']);
		expect(servers.retry.data.leads).toHaveLength(1);
		expect(created.lead_id).toBe(servers.retry.data.leads[0].lead_id);
		note('lead create through two 429s', requests('retry'));
	});
});

describe('hostile input, as a CRM webhook, a sheet or an AI agent could send it', () => {
	const hostileLog = () =>
		requests('hostile').filter((r) => r.path !== '/leads' || r.query.leads_per_page !== String(HOSTILE_IDS.length + 3));
	const errorOf = (item: Record<string, unknown>) => String(item.error ?? '');

	it('never reaches the server, fails item by item naming the field, and Continue On Fail keeps the good items', () => {
		const leads = output(run, 'Leads for hostile ids');
		const got = output(run, 'Get by hostile ids');
		expect(got).toHaveLength(leads.length);
		HOSTILE_IDS.forEach((value, index) => {
			expect([value, errorOf(got[index])]).toEqual([value, expect.stringMatching(/^Lead ID .*(is not a WhatConverts ID|is empty)/)]);
		});
		const good = leads.slice(HOSTILE_IDS.length);
		expect(got.slice(HOSTILE_IDS.length).map((item) => item.lead_id)).toEqual(good.map((lead) => lead.lead_id));
		for (const [name, label] of [
			['Delete profiles by hostile ids', 'Profile ID'],
			['Rename accounts by hostile ids', 'Account ID'],
		]) {
			const items = output(run, name);
			expect(items.map(errorOf).every((message) => message.startsWith(label))).toBe(true);
		}
		const limits = output(run, 'Hostile limits');
		expect(limits.map(errorOf).every((message) => message.startsWith('Limit'))).toBe(true);
		// The only requests: the good items' gets.
		expect(lines(hostileLog())).toEqual(good.map((lead) => `GET /leads/${lead.lead_id} 200`));
		expect(requests('hostile').some((r) => r.offRoute)).toBe(false);
		expect(servers.hostile.data.accounts.map((a) => a.account_name)).not.toContain('renamed');
		note('hostile ids, limits (only the good items asked)', requests('hostile'));
	});
});

describe('the recording', () => {
	it('lands as an audio/mpeg binary with the MP3 bytes', () => {
		const item = firstItem(run.data!.data, 'Recording');
		expect(item.json).toEqual({ lead_id: recordedLeadId, size: recordingFor(recordedLeadId).length });
		const audio = item.binary?.audio;
		expect(audio).toMatchObject({ mimeType: 'audio/mpeg', fileName: `recording-${recordedLeadId}.mp3`, fileExtension: 'mp3' });
		expect(binaryBytes(userFolder, audio!).equals(recordingFor(recordedLeadId))).toBe(true);
		expect(lines(requests('recording'))).toEqual(['GET /recording 200']);
		expect(requests('recording')[0].query).toEqual({ lead_id: String(recordedLeadId) });
		note('recording get', requests('recording'));
	});
});

describe('agency resources', () => {
	const lists: Array<[string, string, string, () => number]> = [
		['Accounts', '/accounts', 'accounts_per_page', () => servers.lists.data.accounts.length],
		[
			'Profiles',
			'/accounts/1001/profiles',
			'profiles_per_page',
			() => servers.lists.data.profiles.filter((p) => p.account_id === 1001).length,
		],
		['Users', '/users', 'users_per_page', () => servers.lists.data.users.filter((u) => u.user_type === 'master_account_user').length],
		['Roles', '/roles', 'roles_per_page', () => servers.lists.data.roles.filter((r) => r.role_type === 'master_account_role').length],
		['Tracking numbers', '/tracking/numbers', 'numbers_per_page', () => servers.lists.data.numbers.length],
		['Tracking forms', '/tracking/forms', 'forms_per_page', () => servers.lists.data.forms.length],
	];

	it.each(lists)('Return All over %s reads every page, 250 at a time', (nodeName, path, pageSize, expected) => {
		const items = output(run, nodeName);
		expect(expected()).toBeGreaterThanOrEqual(260);
		expect(items).toHaveLength(expected());
		const log = requests('lists').filter((r) => r.path === path);
		expect(log.map((r) => [r.query.page_number, r.query[pageSize], r.status])).toEqual([
			['1', '250', 200],
			['2', '250', 200],
		]);
		note(`${nodeName} Return All (${items.length})`, log);
	});

	it('an account is created, renamed, read and deleted', () => {
		const [created] = output(run, 'Create account');
		const id = created.account_id as number;
		expect(created).toMatchObject({ account_name: 'E2E Plumbing' });
		expect(output(run, 'Rename account')[0]).toMatchObject({ account_id: id, account_name: 'E2E Plumbing & Heating' });
		expect(output(run, 'Read account')[0]).toMatchObject({ account_id: id, account_name: 'E2E Plumbing & Heating' });
		expect(output(run, 'Delete account')[0]).toMatchObject({ account_id: id });
		expect(lines(requests('accountLife'))).toEqual([
			'POST /accounts 200',
			`POST /accounts/${id} 200`,
			`GET /accounts/${id} 200`,
			`DELETE /accounts/${id} 200`,
		]);
		expect(requests('accountLife')[0].body).toEqual({ account_name: 'E2E Plumbing', create_profile: 'true' });
		expect(servers.accountLife.data.account(id)).toBeUndefined();
		note('account create/update/get/delete', requests('accountLife'));
	});

	it('a profile is created, renamed, read and deleted', () => {
		const [created] = output(run, 'Create profile');
		const id = created.profile_id as number;
		expect(created).toMatchObject({ profile_name: 'e2e.example' });
		expect(output(run, 'Rename profile')[0]).toMatchObject({ profile_id: id, profile_name: 'www.e2e.example' });
		expect(output(run, 'Read profile')[0]).toMatchObject({ profile_id: id, profile_name: 'www.e2e.example' });
		expect(output(run, 'Delete profile')[0]).toMatchObject({ profile_id: id });
		const base = '/accounts/1001/profiles';
		expect(lines(requests('profileLife'))).toEqual([
			`POST ${base} 200`,
			`POST ${base}/${id} 200`,
			`GET ${base}/${id} 200`,
			`DELETE ${base}/${id} 200`,
		]);
		expect(servers.profileLife.data.profile(id)).toBeUndefined();
		note('profile create/update/get/delete', requests('profileLife'));
	});
});

describe('limits', () => {
	it('500 gets fed by 500 items all succeed, never more than 20 in flight', () => {
		const listed = output(run, '500 leads');
		const items = output(run, 'Each of the 500');
		expect(listed).toHaveLength(500);
		expect(items.map((item) => item.lead_id)).toEqual(listed.map((item) => item.lead_id));
		const log = requests('fanOut');
		expect(log).toHaveLength(501);
		expect(log.every((r) => r.status === 200)).toBe(true);
		expect(servers.fanOut.maxInFlightSeen).toBeLessThanOrEqual(20);
		expect(servers.fanOut.maxInFlightSeen).toBeGreaterThan(1);
		note(`500 gets (max in flight ${servers.fanOut.maxInFlightSeen})`, log);
	});

	it('a burst of 429s is waited out: every one of 100 gets succeeds', () => {
		const items = output(run, 'Each of the 100');
		expect(items.map((item) => item.lead_id)).toEqual(output(run, '100 leads').map((item) => item.lead_id));
		const gets = requests('burst').filter((r) => r.path !== '/leads');
		expect(gets.filter((r) => r.status === 429)).toHaveLength(20);
		expect(gets.filter((r) => r.status === 200)).toHaveLength(100);
		expect(gets).toHaveLength(120);
		note('100 gets through a burst of twenty 429s', requests('burst'));
	});
});

describe('failures', () => {
	it('a wrong secret: a clear message, and the secret nowhere in what n8n prints or stores', async () => {
		const result = await n8n.executeWorkflow(userFolder, 'e2eWrongSecret');
		expect(result.ok).toBe(false);
		expect(result.error?.message).toBe('WhatConverts rejected the API token or secret: Authentication failed.');
		expect(result.error?.description).toMatch(/Integrations → API Keys/);
		expect(lines(requests('wrongSecret'))).toEqual(['GET /leads 401']);
		const stored = await n8n.readExecutions(userFolder, { workflowId: 'e2eWrongSecret' });
		expect(stored).toHaveLength(1);
		const everything = result.stdout + result.stderr + JSON.stringify(stored);
		expect(everything).toContain('Authentication failed');
		for (const secret of secretsOf(servers.wrongSecret.keys.profile.token, WRONG_SECRET)) expect(everything).not.toContain(secret);
		// nor the right secrets, in the big run either
		for (const name of Object.keys(servers) as Name[]) {
			const key = MASTER.includes(name) ? servers[name].keys.master : servers[name].keys.profile;
			for (const secret of secretsOf(key.token, key.secret)) expect(run.stdout + everything).not.toContain(secret);
		}
		note('wrong secret', requests('wrongSecret'));
	});

	it('a spent daily quota fails at once with the daily-limit message', async () => {
		const started = Date.now();
		const result = await n8n.executeWorkflow(userFolder, 'e2eQuota');
		expect(Date.now() - started).toBeLessThan(60_000);
		expect(result.ok).toBe(false);
		expect(result.error?.message).toMatch(/^WhatConverts daily request quota is used up: it resets at 00:00 UTC, in (\d+ h )?\d+ min$/);
		expect(result.error?.description).toMatch(/1,000 requests a day/);
		expect(lines(requests('quota'))).toEqual(['GET /leads 429']);
		note(`spent quota (failed in ${((Date.now() - started) / 1000).toFixed(1)} s, n8n start-up included)`, requests('quota'));
	});

	it('a profile key asking for accounts is told a master key is needed', async () => {
		const result = await n8n.executeWorkflow(userFolder, 'e2eProfileKey');
		expect(result.ok).toBe(false);
		expect(result.error?.message).toBe(
			'This needs a master (agency) API key: WhatConverts refused GET /accounts: Agency Key is required to access this resource.',
		);
		expect(result.error?.description).toMatch(/Agency → Integrations → API Keys/);
		expect(lines(requests('profileKey'))).toEqual(['GET /accounts 403']);
		note('profile key on accounts', requests('profileKey'));
	});
});
