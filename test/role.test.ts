// Roles through n8n's real engine.
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { growRoles } from './harness/agency';

const server = useServer();

const asMaster = () => credentialsFor(server, server.keys.master);

describe('role getAll', () => {
	it('returns all 260 agency roles in exactly 2 requests of 250', async () => {
		growRoles(server, 260);
		const { items, error } = await runNode({
			parameters: { resource: 'role', operation: 'getAll', returnAll: true },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(260);
		expect(server.log.map((entry) => [entry.method, entry.path, entry.query])).toEqual([
			['GET', '/roles', { roles_per_page: '250', role_type: 'master_account', page_number: '1' }],
			['GET', '/roles', { roles_per_page: '250', role_type: 'master_account', page_number: '2' }],
		]);
	});

	it('lists account roles up to a limit', async () => {
		const { items } = await runNode({
			parameters: { resource: 'role', operation: 'getAll', roleType: 'account', returnAll: false, limit: 2 },
			credentials: asMaster(),
		});
		expect(items.map((item) => item.json.role_name)).toEqual(['Account Admin', 'Lead Manager']);
		expect(server.log[0].query).toEqual({ roles_per_page: '2', role_type: 'account', page_number: '1' });
	});
});

describe('role get', () => {
	it.each(['wrapped', 'bare'] as const)('reads one role with its permissions, answered %s', async (singleObject) => {
		server.behaviour.singleObject = singleObject;
		const { items, error } = await runNode({
			parameters: { resource: 'role', operation: 'get', roleId: '4003' },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log.map((entry) => [entry.method, entry.path])).toEqual([['GET', '/roles/4003']]);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			role_id: 4003,
			role_name: 'Analyst',
			permissions: { leads: 'view', billing: 'none' },
			lead_notifications: { phone_call: false },
		});
	});
});

describe('a profile key on roles', () => {
	it.each([401, 403] as const)('answered %i, says a master (agency) key is needed', async (status) => {
		server.behaviour.agencyOnlyStatus = status;
		const { error } = await runNode({
			parameters: { resource: 'role', operation: 'get', roleId: '4001' },
			credentials: credentialsFor(server),
		});
		expect(error?.message).toMatch(/^This needs a master \(agency\) API key/);
		expect(error?.httpCode).toBe(String(status));
	});
});
