// Account operations through n8n's real engine against the local WhatConverts server.
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { growAccounts, pick } from './harness/agency';

const server = useServer();

const asMaster = () => credentialsFor(server, server.keys.master);
const form = (raw: string) => Object.fromEntries(new URLSearchParams(raw));

describe('account getAll', () => {
	it('returns all 260 accounts in exactly 2 requests of 250', async () => {
		growAccounts(server, 260);
		const { items, error } = await runNode({
			parameters: { resource: 'account', operation: 'getAll', returnAll: true },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(260);
		expect(new Set(items.map((item) => item.json.account_id)).size).toBe(260);
		expect(server.log.map((entry) => [entry.method, entry.path, entry.query.page_number, entry.query.accounts_per_page])).toEqual([
			['GET', '/accounts', '1', '250'],
			['GET', '/accounts', '2', '250'],
		]);
		// Each account embeds its profiles.
		expect(items.find((item) => item.json.account_id === 1001)?.json.profiles).toEqual([
			expect.objectContaining({ profile_id: 2001 }),
			expect.objectContaining({ profile_id: 2002 }),
		]);
	});

	it('asks for exactly the limit in one request', async () => {
		growAccounts(server, 260);
		const { items } = await runNode({
			parameters: { resource: 'account', operation: 'getAll', returnAll: false, limit: 30 },
			credentials: asMaster(),
		});
		expect(items).toHaveLength(30);
		expect(server.log).toHaveLength(1);
		expect(server.log[0].query).toMatchObject({ accounts_per_page: '30', page_number: '1' });
	});

	it('sends the date and order filters under their API names', async () => {
		growAccounts(server, 40);
		const { items, error } = await runNode({
			parameters: {
				resource: 'account',
				operation: 'getAll',
				returnAll: true,
				filters: { startDate: '2023-01-10', endDate: '2023-01-19T00:00:00', order: 'asc' },
			},
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log[0].query).toMatchObject({ start_date: '2023-01-10', end_date: '2023-01-19T00:00:00Z', order: 'asc' });
		expect(items.map((item) => item.json.account_name)).toEqual([
			'Client 009',
			'Client 010',
			'Client 011',
			'Client 012',
			'Client 013',
			'Client 014',
			'Client 015',
			'Client 016',
			'Client 017',
			'Client 018',
		]);
	});
});

describe('account get', () => {
	it.each(['wrapped', 'bare'] as const)('reads one account answered %s the same way', async (singleObject) => {
		server.behaviour.singleObject = singleObject;
		const { items, error } = await runNode({
			parameters: { resource: 'account', operation: 'get', accountId: pick(1002) },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ account_id: 1002, account_name: 'Brightside Dental' });
		expect(items[0].json.profiles).toEqual(expect.arrayContaining([expect.objectContaining({ profile_id: 2003 })]));
		expect(server.log.map((entry) => [entry.method, entry.path])).toEqual([['GET', '/accounts/1002']]);
	});

	it('takes the ID mode, a plain string and an expression alike', async () => {
		for (const accountId of [pick('1003', 'id'), '1003', { __rl: true, mode: 'id', value: '={{ $json.id }}' }]) {
			const { items, error } = await runNode({
				parameters: { resource: 'account', operation: 'get', accountId },
				items: [{ id: 1003 }],
				credentials: asMaster(),
			});
			expect(error).toBeUndefined();
			expect(items[0].json.account_id).toBe(1003);
		}
		expect(server.log.map((entry) => entry.path)).toEqual(['/accounts/1003', '/accounts/1003', '/accounts/1003']);
	});

	it('refuses an empty or non-numeric account before any request', async () => {
		// n8n itself refuses an empty required field; an expression can still come out empty.
		const empty = await runNode({
			parameters: { resource: 'account', operation: 'get', accountId: pick('={{ $json.id }}', 'id') },
			items: [{ id: '' }],
			credentials: asMaster(),
		});
		expect(empty.error?.message).toBe('Account ID is empty');
		const word = await runNode({
			parameters: { resource: 'account', operation: 'get', accountId: pick('={{ $json.id }}', 'id') },
			items: [{ id: 'acme' }],
			credentials: asMaster(),
		});
		expect(word.error?.message).toMatch(/Account ID "acme" is not a WhatConverts ID/);
		expect(server.log).toHaveLength(0);
	});
});

describe('account create and update', () => {
	it('creates an account form-encoded and outputs the whole answer', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'account', operation: 'create', accountName: 'Northside Vet', additionalFields: { createProfile: true } },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect([post.method, post.path]).toEqual(['POST', '/accounts']);
		expect(post.contentType).toMatch(/^application\/x-www-form-urlencoded/);
		expect(form(post.rawBody)).toEqual({ account_name: 'Northside Vet', create_profile: 'true' });
		expect(items[0].json).toMatchObject({
			account_id: 1004,
			account_name: 'Northside Vet',
			profiles: [expect.objectContaining({ profile_name: 'Northside Vet' })],
		});
		expect(server.data.account(1004)?.account_name).toBe('Northside Vet');
	});

	it('outputs the new id and the fields sent when WhatConverts answers with the id only, without another request', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const { items } = await runNode({
			parameters: { resource: 'account', operation: 'create', accountName: 'Lakeside Law' },
			credentials: asMaster(),
		});
		expect(items[0].json).toEqual({ account_id: 1004, account_name: 'Lakeside Law', fields_from_request: ['account_name'] });
		expect(server.log).toHaveLength(1);
	});

	it.each(['whole', 'idOnly'] as const)('renames an account with a form POST to its URL (answer %s)', async (writeAnswer) => {
		server.behaviour.writeAnswer = writeAnswer;
		const { items, error } = await runNode({
			parameters: { resource: 'account', operation: 'update', accountId: pick(1003), accountName: 'Summit Roofing Co.' },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect([post.method, post.path, post.contentType]).toEqual(['POST', '/accounts/1003', 'application/x-www-form-urlencoded']);
		expect(form(post.rawBody)).toEqual({ account_name: 'Summit Roofing Co.' });
		expect(items[0].json).toMatchObject({ account_id: 1003, account_name: 'Summit Roofing Co.' });
		expect(server.data.account(1003)?.account_name).toBe('Summit Roofing Co.');
		expect(server.log).toHaveLength(1);
	});
});

describe('account delete', () => {
	it('deletes with DELETE and says what was deleted', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'account', operation: 'delete', accountId: pick(1002) },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log.map((entry) => [entry.method, entry.path])).toEqual([['DELETE', '/accounts/1002']]);
		expect(items.map((item) => item.json)).toEqual([{ deleted: true, account_id: 1002 }]);
		expect(server.data.account(1002)).toBeUndefined();
		expect(server.data.profiles.some((profile) => profile.account_id === 1002)).toBe(false);
	});

	it('passes on an unknown account as a clear error', async () => {
		const { error } = await runNode({
			parameters: { resource: 'account', operation: 'delete', accountId: pick(9999, 'id') },
			credentials: asMaster(),
		});
		expect(error?.message).toMatch(/Invalid account ID/);
		expect(server.data.accounts).toHaveLength(3);
	});
});

describe('a profile key on accounts', () => {
	it.each([401, 403] as const)('answered %i, says a master (agency) key is needed', async (status) => {
		server.behaviour.agencyOnlyStatus = status;
		const operations = [
			{ operation: 'getAll', returnAll: true },
			{ operation: 'get', accountId: pick(1001) },
			{ operation: 'create', accountName: 'X' },
			{ operation: 'delete', accountId: pick(1001) },
		];
		for (const parameters of operations) {
			const { error } = await runNode({ parameters: { resource: 'account', ...parameters }, credentials: credentialsFor(server) });
			expect(error?.message).toMatch(/master \(agency\) API key/);
			expect(error?.description).toMatch(/Agency → Integrations → API Keys/);
			expect(error?.httpCode).toBe(String(status));
		}
		expect(server.log.map((entry) => entry.status)).toEqual([status, status, status, status]);
		expect(server.data.accounts).toHaveLength(3);
	});
});
