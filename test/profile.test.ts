// Profile operations (profiles live under an account) through n8n's real engine.
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { addProfiles, pick } from './harness/agency';

const server = useServer();

const asMaster = () => credentialsFor(server, server.keys.master);
const form = (raw: string) => Object.fromEntries(new URLSearchParams(raw));

describe('profile getAll', () => {
	it('returns all 260 profiles of an account in exactly 2 requests, each with its account_id', async () => {
		addProfiles(server, 1003, 260 - server.data.profiles.filter((profile) => profile.account_id === 1003).length);
		const { items, error } = await runNode({
			parameters: { resource: 'profile', operation: 'getAll', accountId: pick(1003), returnAll: true },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(260);
		expect(server.log.map((entry) => [entry.method, entry.path, entry.query.page_number, entry.query.profiles_per_page])).toEqual([
			['GET', '/accounts/1003/profiles', '1', '250'],
			['GET', '/accounts/1003/profiles', '2', '250'],
		]);
		expect(items.every((item) => item.json.account_id === 1003)).toBe(true);
		expect(Object.keys(items[0].json)).toEqual(['account_id', 'profile_id', 'profile_name', 'date_created']);
	});

	it('asks for exactly the limit, with the date filters', async () => {
		addProfiles(server, 1003, 40);
		const { items } = await runNode({
			parameters: {
				resource: 'profile',
				operation: 'getAll',
				accountId: pick(1003, 'id'),
				returnAll: false,
				limit: 5,
				filters: { startDate: '2023-01-01', order: 'asc' },
			},
			credentials: asMaster(),
		});
		expect(items.map((item) => item.json.profile_name)).toEqual(['Site 0', 'Site 1', 'Site 2', 'Site 3', 'Site 4']);
		expect(server.log).toHaveLength(1);
		expect(server.log[0].query).toEqual({ profiles_per_page: '5', page_number: '1', start_date: '2023-01-01', order: 'asc' });
	});
});

describe('profile get', () => {
	it.each(['wrapped', 'bare'] as const)('reads one profile answered %s', async (singleObject) => {
		server.behaviour.singleObject = singleObject;
		const { items, error } = await runNode({
			parameters: { resource: 'profile', operation: 'get', accountId: pick(1002), profileId: pick(2003) },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log.map((entry) => [entry.method, entry.path])).toEqual([['GET', '/accounts/1002/profiles/2003']]);
		expect(items.map((item) => item.json)).toEqual([
			{ account_id: 1002, profile_id: 2003, profile_name: 'brightsidedental.com', date_created: expect.any(String) },
		]);
	});

	it('refuses a profile of another account with the API message', async () => {
		const { error } = await runNode({
			parameters: { resource: 'profile', operation: 'get', accountId: pick(1002), profileId: pick(2001, 'id') },
			credentials: asMaster(),
		});
		expect(error?.message).toMatch(/Invalid profile ID/);
	});
});

describe('profile create, update, delete', () => {
	it.each(['whole', 'idOnly'] as const)('creates a profile form-encoded under its account (answer %s)', async (writeAnswer) => {
		server.behaviour.writeAnswer = writeAnswer;
		const { items, error } = await runNode({
			parameters: { resource: 'profile', operation: 'create', accountId: pick(1003), profileName: 'Summit - Gutters' },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect([post.method, post.path, post.contentType]).toEqual(['POST', '/accounts/1003/profiles', 'application/x-www-form-urlencoded']);
		expect(form(post.rawBody)).toEqual({ profile_name: 'Summit - Gutters' });
		const created = server.data.profiles.find((profile) => profile.profile_name === 'Summit - Gutters');
		expect(items[0].json).toMatchObject({ account_id: 1003, profile_id: created?.profile_id, profile_name: 'Summit - Gutters' });
		expect(server.log).toHaveLength(1);
	});

	it.each(['whole', 'idOnly'] as const)('renames a profile with a form POST to its URL (answer %s)', async (writeAnswer) => {
		server.behaviour.writeAnswer = writeAnswer;
		const { items, error } = await runNode({
			parameters: { resource: 'profile', operation: 'update', accountId: pick(1001), profileId: pick(2002), profileName: 'Acme - North' },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect([post.method, post.path, post.contentType]).toEqual([
			'POST',
			'/accounts/1001/profiles/2002',
			'application/x-www-form-urlencoded',
		]);
		expect(form(post.rawBody)).toEqual({ profile_name: 'Acme - North' });
		expect(items[0].json).toMatchObject({ account_id: 1001, profile_id: 2002, profile_name: 'Acme - North' });
		expect(server.data.profile(2002)?.profile_name).toBe('Acme - North');
	});

	it('deletes a profile and says which', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'profile', operation: 'delete', accountId: pick(1001), profileId: pick(2002) },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log.map((entry) => [entry.method, entry.path])).toEqual([['DELETE', '/accounts/1001/profiles/2002']]);
		expect(items.map((item) => item.json)).toEqual([{ deleted: true, account_id: 1001, profile_id: 2002 }]);
		expect(server.data.profile(2002)).toBeUndefined();
		expect(server.data.numbers.some((number) => number.profile_id === 2002)).toBe(false);
	});
});

describe('a profile key on profiles', () => {
	it.each([401, 403] as const)('answered %i, says a master (agency) key is needed', async (status) => {
		server.behaviour.agencyOnlyStatus = status;
		const { error } = await runNode({
			parameters: { resource: 'profile', operation: 'getAll', accountId: pick(1001), returnAll: true },
			credentials: credentialsFor(server),
		});
		expect(error?.message).toMatch(/^This needs a master \(agency\) API key/);
		expect(server.log.map((entry) => [entry.path, entry.status])).toEqual([['/accounts/1001/profiles', status]]);
	});
});
