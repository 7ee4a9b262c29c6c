// Tracking numbers and tracking forms through n8n's real engine.
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { growTracking, pick } from './harness/agency';

const server = useServer();

const asMaster = () => credentialsFor(server, server.keys.master);

const kinds = [
	{
		resource: 'trackingNumber',
		path: '/tracking/numbers',
		pageSizeKey: 'numbers_per_page',
		idParameter: 'phoneNumberId',
		idKey: 'phone_number_id',
	},
	{ resource: 'trackingForm', path: '/tracking/forms', pageSizeKey: 'forms_per_page', idParameter: 'formId', idKey: 'form_id' },
] as const;

describe.each(kinds)('$resource', ({ resource, path, pageSizeKey, idParameter, idKey }) => {
	const stored = () =>
		(resource === 'trackingNumber' ? server.data.numbers : server.data.forms) as unknown as Array<Record<string, number>>;

	it('returns all 260 in exactly 2 requests of 250', async () => {
		growTracking(server, 260);
		const { items, error } = await runNode({ parameters: { resource, operation: 'getAll', returnAll: true }, credentials: asMaster() });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(260);
		expect(new Set(items.map((item) => item.json[idKey])).size).toBe(260);
		expect(server.log.map((entry) => [entry.method, entry.path, entry.query])).toEqual([
			['GET', path, { [pageSizeKey]: '250', page_number: '1' }],
			['GET', path, { [pageSizeKey]: '250', page_number: '2' }],
		]);
	});

	it('asks for exactly the limit in one request', async () => {
		growTracking(server, 260);
		const { items } = await runNode({
			parameters: { resource, operation: 'getAll', returnAll: false, limit: 30 },
			credentials: asMaster(),
		});
		expect(items).toHaveLength(30);
		expect(server.log).toHaveLength(1);
		expect(server.log[0].query).toEqual({ [pageSizeKey]: '30', page_number: '1' });
	});

	it('narrows to a picked account and profile', async () => {
		const { items, error } = await runNode({
			parameters: { resource, operation: 'getAll', returnAll: true, filters: { accountId: pick(1001), profileId: pick('2002', 'id') } },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log[0].query).toMatchObject({ account_id: '1001', profile_id: '2002' });
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((item) => item.json.profile_id === 2002)).toBe(true);
	});

	it("with a profile key reads the key's own profile", async () => {
		const { items, error } = await runNode({
			parameters: { resource, operation: 'getAll', returnAll: true },
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((item) => item.json.profile_id === server.keys.profile.profileId)).toBe(true);
	});

	it('passes on a refusal of the account filter with a profile key', async () => {
		server.behaviour.profileKeyScopeFilters = 'reject';
		const { error } = await runNode({
			parameters: { resource, operation: 'getAll', returnAll: true, filters: { accountId: pick(1001) } },
			credentials: credentialsFor(server),
		});
		expect(error?.message).toMatch(/not supported with a profile API key/);
	});

	it('deletes with DELETE and says what was deleted', async () => {
		const id = stored()[0][idKey];
		const { items, error } = await runNode({
			parameters: { resource, operation: 'delete', [idParameter]: String(id) },
			credentials: asMaster(),
		});
		expect(error).toBeUndefined();
		expect(server.log.map((entry) => [entry.method, entry.path])).toEqual([['DELETE', `${path}/${id}`]]);
		expect(items.map((item) => item.json)).toEqual([{ deleted: true, [idKey]: id }]);
		expect(stored().some((thing) => thing[idKey] === id)).toBe(false);
	});

	it('refuses a non-numeric id before any request', async () => {
		const { error } = await runNode({
			parameters: { resource, operation: 'delete', [idParameter]: '+15125550100' },
			credentials: asMaster(),
		});
		expect(error?.message).toMatch(/ID "\+15125550100" is not a WhatConverts ID/);
		expect(server.log).toHaveLength(0);
	});
});
