// Users (JSON bodies, edit through POST /users) through n8n's real engine.
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { growUsers, pick } from './harness/agency';

const server = useServer();

const asMaster = () => credentialsFor(server, server.keys.master);
const userNamed = (email: string) => server.data.users.find((user) => user.email === email);

describe('user getAll', () => {
	it('returns all 260 agency users in exactly 2 requests of 250', async () => {
		growUsers(server, 'master_account_user', 260);
		const { items, error } = await runNode({
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(260);
		expect(server.log.map((entry) => [entry.path, entry.query])).toEqual([
			['/users', { users_per_page: '250', user_type: 'master_account', page_number: '1' }],
			['/users', { users_per_page: '250', user_type: 'master_account', page_number: '2' }],
		]);
		expect(items.every((item) => item.json.user_type === 'master_account_user')).toBe(true);
	});

	it('lists account users with a limit and date filters', async () => {
		const { items } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'getAll',
				userType: 'account',
				returnAll: false,
				limit: 2,
				filters: { endDate: '2021-12-31', order: 'asc' },
			},
			credentials: asMaster(),
		});
		expect(server.log[0].query).toEqual({
			users_per_page: '2',
			user_type: 'account',
			end_date: '2021-12-31',
			order: 'asc',
			page_number: '1',
		});
		expect(items.map((item) => item.json.email)).toEqual(['office@acmeplumbing.example', 'frontdesk@brightsidedental.example']);
	});
});

describe('user get', () => {
	it.each(['wrapped', 'bare'] as const)('reads one user with their accounts, answered %s', async (singleObject) => {
		server.behaviour.singleObject = singleObject;
		const id = userNamed('estimates@summitroofing.example')!.user_id;
		const { items, error } = await runNode({
			parameters: { resource: 'user', operation: 'get', userId: String(id) },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log.map((entry) => [entry.method, entry.path])).toEqual([['GET', `/users/${id}`]]);
		expect(items[0].json).toMatchObject({ user_id: id, user_type: 'account_user', accounts: [{ account_id: 1003 }, { account_id: 1001 }] });
	});
});

describe('user create', () => {
	it('sends JSON with the user type, notifications and account roles', async () => {
		const { items, error } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				email: 'new@client.example',
				userType: 'account',
				additionalFields: {
					newAccountNotifications: true,
					accounts: { access: [{ accountId: pick(1002), roleId: '4005' }, { accountId: pick('1003', 'id') }] },
				},
			},
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect([post.method, post.path]).toEqual(['POST', '/users']);
		expect(post.contentType).toMatch(/^application\/json/);
		expect(JSON.parse(post.rawBody)).toEqual({
			email: 'new@client.example',
			user_type: 'account_user',
			new_account_notifications: true,
			accounts: [{ account_id: 1002, role_id: 4005 }, { account_id: 1003 }],
		});
		expect(items[0].json).toMatchObject({
			user_id: userNamed('new@client.example')!.user_id,
			user_type: 'account_user',
			accounts: [
				{ account_id: 1002, role_name: 'Lead Manager' },
				{ account_id: 1003, role_id: null },
			],
		});
	});

	it('outputs the id and the fields sent when WhatConverts answers with the id only', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const { items } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				email: 'analyst@agency.example',
				userType: 'master_account',
				additionalFields: { roleId: '4003' },
			},
			credentials: asMaster(),
		});
		expect(items[0].json).toEqual({
			user_id: userNamed('analyst@agency.example')!.user_id,
			email: 'analyst@agency.example',
			user_type: 'master_account_user',
			role_id: 4003,
			fields_from_request: ['email', 'user_type', 'role_id'],
		});
		expect(server.log).toHaveLength(1);
	});

	it('refuses an account that is not an ID before any request', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'create',
				email: 'x@client.example',
				userType: 'account',
				additionalFields: { accounts: { access: [{ accountId: pick('={{ "Acme" }}', 'id') }] } },
			},
			credentials: asMaster(),
		});
		expect(error?.message).toMatch(/Account ID "Acme" is not a WhatConverts ID/);
		expect(server.log).toHaveLength(0);
	});
});

describe('user update', () => {
	it.each(['whole', 'idOnly'] as const)('posts JSON to /users with user_id in the body (answer %s)', async (writeAnswer) => {
		server.behaviour.writeAnswer = writeAnswer;
		const id = userNamed('sam.lee@northwind-agency.example')!.user_id;
		const { items, error } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'update',
				userId: String(id),
				updateFields: { email: 'samuel.lee@northwind-agency.example', roleId: '4003' },
			},
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		const [post] = server.log;
		expect([post.method, post.path]).toEqual(['POST', '/users']);
		expect(post.contentType).toMatch(/^application\/json/);
		expect(JSON.parse(post.rawBody)).toEqual({ user_id: id, email: 'samuel.lee@northwind-agency.example', role_id: 4003 });
		expect(items[0].json).toMatchObject({ user_id: id, email: 'samuel.lee@northwind-agency.example' });
		expect(server.data.users.find((user) => user.user_id === id)?.role_id).toBe(4003);
	});

	it("sends a type change as the API's user type, and notifications as a JSON boolean", async () => {
		const id = userNamed('dana.ortiz@northwind-agency.example')!.user_id;
		const { error } = await runNode({
			parameters: {
				resource: 'user',
				operation: 'update',
				userId: String(id),
				updateFields: { userType: 'account', newAccountNotifications: false },
			},
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(server.log[0].rawBody)).toEqual({ user_id: id, user_type: 'account_user', new_account_notifications: false });
		expect(server.data.users.find((user) => user.user_id === id)).toMatchObject({
			user_type: 'account_user',
			new_account_notifications: false,
		});
	});

	it('refuses a non-numeric user or an empty update before any request', async () => {
		const notAnId = await runNode({
			parameters: { resource: 'user', operation: 'update', userId: 'sam', updateFields: { email: 'a@b.example' } },
			credentials: asMaster(),
		});
		expect(notAnId.error?.message).toMatch(/User ID "sam" is not a WhatConverts ID/);
		const empty = await runNode({
			parameters: { resource: 'user', operation: 'update', userId: '3001', updateFields: {} },
			credentials: asMaster(),
		});
		expect(empty.error?.message).toBe('Update Fields is empty');
		expect(server.log).toHaveLength(0);
	});
});

describe('a profile key on users', () => {
	it.each([401, 403] as const)('answered %i, says a master (agency) key is needed', async (status) => {
		server.behaviour.agencyOnlyStatus = status;
		for (const parameters of [
			{ operation: 'getAll', returnAll: true },
			{ operation: 'create', email: 'a@b.example', userType: 'account' },
		]) {
			const { error } = await runNode({ parameters: { resource: 'user', ...parameters }, credentials: credentialsFor(server) });
			expect(error?.message).toMatch(/master \(agency\) API key/);
		}
		expect(server.log.map((entry) => entry.status)).toEqual([status, status]);
	});
});
