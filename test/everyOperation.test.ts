// Every operation of the node, through n8n's real engine: every parameter it shows is checked before
// the item's first request (a bad value costs no request, whichever parameter it is), and every item
// it puts out, failed ones included, is paired with the input item it came from.
import type { IDataObject, INodeParameters, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { pick } from './harness/agency';
import { loadPackage, runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';

const server = useServer();

/** Parameters each operation runs with, good ones: each run sends at least one request. */
const GOOD: Record<string, (ids: { leadId: string; recordedLeadId: string }) => INodeParameters> = {
	'lead/getAll': () => ({ returnAll: false, limit: 2 }),
	'lead/get': ({ leadId }) => ({ leadId }),
	'lead/create': () => ({ leadType: 'web_form', profileId: pick(2001) }),
	'lead/update': ({ leadId }) => ({ leadId, updateFields: { quoteValue: 5 } }),
	'lead/findOrCreate': () => ({ matchBy: 'emailAddress', matchValue: 'ann@example.com', leadType: 'web_form', profileId: pick(2001) }),
	'account/getAll': () => ({ returnAll: false, limit: 2 }),
	'account/get': () => ({ accountId: pick(1001) }),
	'account/create': () => ({ accountName: 'New Client' }),
	'account/update': () => ({ accountId: pick(1001), accountName: 'Renamed' }),
	'account/delete': () => ({ accountId: pick(1003) }),
	'profile/getAll': () => ({ accountId: pick(1001), returnAll: false, limit: 2 }),
	'profile/get': () => ({ accountId: pick(1001), profileId: pick(2001) }),
	'profile/create': () => ({ accountId: pick(1001), profileName: 'New Site' }),
	'profile/update': () => ({ accountId: pick(1001), profileId: pick(2001), profileName: 'Renamed' }),
	'profile/delete': () => ({ accountId: pick(1001), profileId: pick(2002) }),
	'recording/get': ({ recordedLeadId }) => ({ leadId: recordedLeadId }),
	'user/getAll': () => ({ returnAll: false, limit: 2 }),
	'user/get': () => ({ userId: '3003' }),
	'user/create': () => ({ email: 'new.user@example.com', userType: 'master_account' }),
	'user/update': () => ({ userId: '3003', updateFields: { email: 'renamed@example.com' } }),
	'role/getAll': () => ({ returnAll: false, limit: 2 }),
	'role/get': () => ({ roleId: '4002' }),
	'trackingNumber/getAll': () => ({ returnAll: false, limit: 2 }),
	'trackingNumber/delete': () => ({ phoneNumberId: '5001' }),
	'trackingForm/getAll': () => ({ returnAll: false, limit: 2 }),
	'trackingForm/delete': () => ({ formId: '6001' }),
};
const OPERATIONS = Object.keys(GOOD);

let description: INodeTypeDescription;
beforeAll(async () => {
	description = ((await loadPackage()).nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConverts', 1) as INodeType).description;
});

function goodParameters(operation: string): INodeParameters {
	const leadId = String(server.addLeads(1)[0].lead_id);
	const recordedLeadId = String(server.addLead({ lead_type: 'phone_call', recording: 'yes' }).lead_id);
	const [resource, name] = operation.split('/');
	return { resource, operation: name, ...GOOD[operation]({ leadId, recordedLeadId }) };
}

/** The declaration of each parameter the editor shows for these parameters (n8n's own Request Options aside: n8n reads them). */
function shownFor(parameters: INodeParameters): INodeProperties[] {
	const values = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, null, description) ?? {};
	return Object.keys(values)
		.filter((name) => !['resource', 'operation', 'requestOptions'].includes(name))
		.map((name) => description.properties.find((p) => p.name === name && NodeHelpers.displayParameter(values, p, null, description))!)
		.filter((property) => property && !['notice', 'hidden'].includes(property.type));
}

/** A value of the wrong kind for a parameter of this type: each one a check refuses. */
function badValueFor(property: INodeProperties): unknown {
	switch (property.type) {
		case 'number':
			return '={{ "lots" }}';
		case 'boolean':
			return '={{ "maybe" }}';
		case 'options':
			return 'no-such-value';
		case 'multiOptions':
			return ['no-such-value'];
		case 'dateTime':
			return '={{ "garbage" }}';
		case 'resourceLocator':
			// mapped: n8n checks a typed ID's pattern itself, an expression's value is the node's to check
			return { __rl: true, mode: 'id', value: '={{ "1/../x" }}' };
		case 'fixedCollection': {
			const group = (property.options ?? [])[0] as { name: string };
			return group.name === 'access'
				? { access: [{ accountId: { __rl: true, mode: 'id', value: '={{ "x" }}' } }] }
				: { field: [{ name: 'a[b]', value: 'x' }] };
		}
		default:
			// text, ids: an object where one value belongs
			return '={{ { "bad": 1 } }}';
	}
}

/** The names a refusal of this parameter may go by: its label, or for ids and pickers "<label> ID". */
const namesOf = (property: INodeProperties) => [property.displayName, `${property.displayName} ID`, 'Account ID'];

/** Every way to give one parameter (or one field of a collection) a bad value, on top of good parameters. */
function badVariants(good: INodeParameters): Array<{ where: string; names: string[]; parameters: INodeParameters }> {
	return shownFor(good).flatMap((property) => {
		if (property.type !== 'collection') {
			return [
				{
					where: property.name,
					names: namesOf(property),
					parameters: { ...good, [property.name]: badValueFor(property) } as INodeParameters,
				},
			];
		}
		return (property.options as INodeProperties[]).map((field) => {
			// a field shown only for one lead type is tried with that type
			const leadType = (field.displayOptions?.show?.['/leadType'] as string[] | undefined)?.[0];
			const collection = { ...((good[property.name] as IDataObject) ?? {}), [field.name]: badValueFor(field) };
			return {
				where: `${property.name} › ${field.name}`,
				names: field.type === 'fixedCollection' && field.name === 'accounts' ? ['Account ID'] : namesOf(field),
				parameters: { ...good, ...(leadType ? { leadType } : {}), [property.name]: collection } as INodeParameters,
			};
		});
	});
}

describe('every parameter of every operation is checked before the first request', () => {
	it('covers every operation of the node', () => {
		const operations = description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as Array<{ value: string }>).map(
					({ value }) => `${String(property.displayOptions?.show?.resource?.[0])}/${value}`,
				),
			);
		expect(operations.sort()).toEqual([...OPERATIONS].sort());
	});

	it.each(OPERATIONS)(
		'%s',
		async (operation) => {
			const good = goodParameters(operation);
			const key = server.keys.master;
			const variants = badVariants(good);
			expect(variants.length).toBeGreaterThan(2);
			const leaks: string[] = [];
			for (const variant of variants) {
				server.log.length = 0;
				const { error } = await runNode({ parameters: variant.parameters, credentials: credentialsFor(server, key) });
				const said = `${error?.message ?? ''} ${error?.description ?? ''}`;
				if (!error || server.log.length > 0 || !variant.names.some((name) => said.includes(name))) {
					leaks.push(`${variant.where}: ${server.log.length} requests, ${error ? `"${error.message}"` : 'no error'}`);
				}
			}
			expect(leaks).toEqual([]);
			// the good parameters do send a request: each refusal above happened before one could
			server.log.length = 0;
			const run = await runNode({ parameters: good, credentials: credentialsFor(server, key) });
			expect([operation, run.error?.message]).toEqual([operation, undefined]);
			expect(server.log.length).toBeGreaterThan(0);
		},
		60_000,
	);
});

describe('every item is paired with its input item', () => {
	it.each(OPERATIONS)('%s: its items, and items refused before any request under Continue On Fail', async (operation) => {
		const good = goodParameters(operation);
		const { items } = await runNode({
			parameters: { ...good, rateLimitHandling: { maxRetries: '={{ $json.bad ? -1 : 3 }}' } },
			items: [{}, { bad: true }, { bad: true }],
			credentials: credentialsFor(server, server.keys.master),
			continueOnFail: true,
		});
		const pairs = items.map((item) => [item.pairedItem, Boolean(item.json.error)]);
		expect(pairs.slice(-2)).toEqual([
			[{ item: 1 }, true],
			[{ item: 2 }, true],
		]);
		expect(pairs.slice(0, -2).length).toBeGreaterThan(0);
		for (const pair of pairs.slice(0, -2)) expect(pair).toEqual([{ item: 0 }, false]);
	});

	const LISTS: Array<[string, string]> = [
		['lead', 'leads_per_page'],
		['profile', 'profiles_per_page'],
		['account', 'accounts_per_page'],
		['user', 'users_per_page'],
		['role', 'roles_per_page'],
		['trackingNumber', 'numbers_per_page'],
		['trackingForm', 'forms_per_page'],
	];
	const daily = JSON.stringify({ error_message: 'Daily API request limit reached.' });
	const REFUSALS: Array<[string, Parameters<typeof server.injectFault>[0]['fault'] | undefined]> = [
		['a Limit refused before any request', undefined],
		['an answer of 400', { kind: 'status', status: 400, body: JSON.stringify({ error_message: 'Invalid request.' }) }],
		['a 429 that outlasts the retries', { kind: 'status', status: 429 }],
		['the spent daily quota', { kind: 'status', status: 429, body: daily }],
		['an answer of 500', { kind: 'status', status: 500 }],
		['a lost connection', { kind: 'drop' }],
	];
	const cases = LISTS.flatMap(([resource, pageSize]) => REFUSALS.map(([kind, fault]) => [resource, kind, pageSize, fault] as const));

	it.each(cases)('%s Get Many, the second item refused by %s', async (resource, _, pageSize, fault) => {
		// the second item asks for 3, so its requests alone carry page size 3
		if (fault) server.injectFault({ fault, times: Infinity, query: { [pageSize]: '3' } });
		const { items } = await runNode({
			parameters: {
				resource,
				operation: 'getAll',
				accountId: pick(1001),
				returnAll: false,
				limit: fault ? '={{ $json.limit }}' : '={{ $json.limit === 3 ? 0 : $json.limit }}',
				rateLimitHandling: { maxRetries: 0, maxWaitSeconds: 0 },
			},
			items: [{ limit: 2 }, { limit: 3 }],
			credentials: credentialsFor(server, server.keys.master),
			continueOnFail: true,
		});
		const pairs = items.map((item) => [item.pairedItem, Boolean(item.json.error)]);
		expect(pairs.at(-1)).toEqual([{ item: 1 }, true]);
		expect(pairs.slice(0, -1)).toEqual(Array(pairs.length - 1).fill([{ item: 0 }, expect.any(Boolean)]));
	});
});
