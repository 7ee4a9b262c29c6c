// The account and profile pickers (resource locators' "From List" mode), run the way n8n's editor
// asks the server for them, against the local WhatConverts server.
import { listSearch } from './harness/listSearch';
import { credentialsFor, useServer } from './harness/whatconverts';
import { addProfiles, growAccounts, pick } from './harness/agency';

const server = useServer();

const asMaster = () => credentialsFor(server, server.keys.master);
const search = (
	method: string,
	parameters: Record<string, unknown>,
	extra: { filter?: string; path?: string; profileKey?: boolean } = {},
) =>
	listSearch({
		method,
		parameters: parameters as never,
		path: extra.path,
		filter: extra.filter,
		credentials: extra.profileKey ? credentialsFor(server) : asMaster(),
	});
const pages = () => server.log.map((entry) => [entry.path, entry.query.page_number]);

describe('account picker', () => {
	it('loads every page (260 accounts: 2 requests of 250) and sorts by name', async () => {
		growAccounts(server, 260);
		const { results } = await search('searchAccounts', { resource: 'account', operation: 'get' });
		expect(results).toHaveLength(260);
		expect(pages()).toEqual([
			['/accounts', '1'],
			['/accounts', '2'],
		]);
		expect(server.log.every((entry) => entry.query.accounts_per_page === '250')).toBe(true);
		expect(results[0]).toEqual({ name: 'Acme Plumbing & Heating', value: '1001' });
		const names = results.map((result) => result.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('searches by name (any case) across all pages, or by ID', async () => {
		growAccounts(server, 260);
		const byName = await search('searchAccounts', { resource: 'account', operation: 'get' }, { filter: 'client 25' });
		expect(byName.results.map((result) => result.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Client 25${i}`));
		const byId = await search('searchAccounts', { resource: 'account', operation: 'get' }, { filter: '1002' });
		expect(byId.results).toEqual([{ name: 'Brightside Dental', value: '1002' }]);
	});

	it.each([401, 403] as const)('with a profile key (answered %i) fails saying a master (agency) key is needed', async (status) => {
		server.behaviour.agencyOnlyStatus = status;
		const failure = search('searchAccounts', { resource: 'account', operation: 'get' }, { profileKey: true });
		await expect(failure).rejects.toMatchObject({
			message: expect.stringMatching(/^This needs a master \(agency\) API key/),
			description: expect.stringMatching(/Agency → Integrations → API Keys/),
			httpCode: String(status),
		});
		expect(server.log).toHaveLength(1);
	});
});

describe('profile picker', () => {
	it('lists the profiles of the account chosen in the node, every page', async () => {
		const ids = addProfiles(server, 1002, 258, 'Office');
		const { results } = await search(
			'searchProfiles',
			{ resource: 'profile', operation: 'get', accountId: pick(1002) },
			{ path: 'parameters.profileId' },
		);
		expect(results).toHaveLength(260);
		expect(results.map((result) => result.value)).toEqual(expect.arrayContaining(['2003', ...ids.map(String)]));
		expect(pages()).toEqual([
			['/accounts/1002/profiles', '1'],
			['/accounts/1002/profiles', '2'],
		]);
	});

	it('follows the account filter of a list (lead or tracking Get Many)', async () => {
		const { results } = await search(
			'searchProfiles',
			{ resource: 'trackingNumber', operation: 'getAll', filters: { accountId: pick('1001', 'id') } },
			{ path: 'parameters.filters.profileId', filter: 'ACME' },
		);
		expect(results.map((result) => result.value).sort()).toEqual(['2001', '2002']);
		expect(pages()).toEqual([['/accounts/1001/profiles', '1']]);
	});

	it("without a chosen account lists every account's profiles from the account list (no request per account)", async () => {
		growAccounts(server, 260, 2);
		const { results } = await search('searchProfiles', { resource: 'lead', operation: 'create' }, { path: 'parameters.profileId' });
		expect(results).toHaveLength(server.data.profiles.length);
		expect(pages()).toEqual([
			['/accounts', '1'],
			['/accounts', '2'],
		]);
		expect(results).toContainEqual({ name: 'Brightside Dental / brightsidedental.com', value: '2003' });
		const found = await search('searchProfiles', { resource: 'lead', operation: 'create' }, { filter: 'client 259 / site 1' });
		expect(found.results).toHaveLength(1);
	});

	it("with a profile key explains, naming the key's own profile found on a lead", async () => {
		server.addLead({ profile_id: 2001 });
		const own = server.data.profile(2001)!;
		const failure = search('searchProfiles', { resource: 'lead', operation: 'create' }, { profileKey: true });
		await expect(failure).rejects.toMatchObject({
			message: `This API key is a profile key: it reaches only its own profile: ${own.profile_name} (ID 2001)`,
			description: expect.stringMatching(/^Leave 'Profile' empty/),
		});
		expect(server.log.map((entry) => [entry.path, entry.status])).toEqual([
			['/accounts', 403],
			['/leads', 200],
		]);
	});

	it('with a profile key and no leads, finds the profile on a tracking number', async () => {
		const failure = search(
			'searchProfiles',
			{ resource: 'lead', operation: 'getAll', filters: {} },
			{ profileKey: true, path: 'parameters.filters.profileId' },
		);
		await expect(failure).rejects.toThrow(/its own profile: .+ \(ID 2001\)$/);
		expect(server.log.map((entry) => entry.path)).toEqual(['/accounts', '/leads', '/tracking/numbers']);
	});

	it('with a profile key that reaches nothing, still explains', async () => {
		server.data.numbers = [];
		server.data.forms = [];
		const failure = search('searchProfiles', { resource: 'lead', operation: 'create' }, { profileKey: true });
		await expect(failure).rejects.toThrow(/^This API key is a profile key: it reaches only its own profile$/);
	});

	it('with wrong credentials says so, not "profile key"', async () => {
		server.behaviour.agencyOnlyStatus = 401;
		const failure = listSearch({
			method: 'searchProfiles',
			parameters: { resource: 'lead', operation: 'create' },
			credentials: { ...asMaster(), apiSecret: 'wrong' },
		});
		await expect(failure).rejects.toThrow(/rejected the API token or secret/);
	});
});
