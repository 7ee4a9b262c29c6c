// Hostile input, generated from the node's description and the resource table: every id parameter of
// every operation (top level, in filters and field collections, in pickers), every limit and every
// amount, fed from an expression and as a fixed value. None may reach the server; each must fail
// with an error that names the field.
import type { IDataObject, INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ID_PARAMETERS, RESOURCES } from '../nodes/WhatConverts/shared/resources';
import { loadPackage, runNode } from './harness/n8n';
import { PollingTrigger } from './harness/triggers';
import { credentialsFor, useServer } from './harness/whatconverts';

const server = useServer();

/** Values that must never be taken as an id: each would steer the path, add a parameter or mean "all". */
const HOSTILE_IDS: unknown[] = [
	'1/../../users',
	'102/../../../13',
	'../accounts/13',
	'%2e%2e/users',
	'..%2F..%2Fusers',
	'1%2F..',
	'1?customer_journey=true&x=',
	'1#x',
	'1&page_number=2',
	'1;x',
	'1\\..',
	'1 2',
	'\t12\n3',
	'+1',
	'-1',
	'0',
	'1.5',
	'1e3',
	'0x1f',
	'١٢٣',
	'１２３',
	'12\u0000',
	'   ',
	'9'.repeat(400),
	'12345678901234567890',
	-5,
	1.5,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	true,
	{ id: 1 },
	{ value: '1/../../users' },
	[1, 2],
	['1/../../users'],
];

const HOSTILE_COUNTS: unknown[] = [
	0,
	-1,
	2.5,
	'abc',
	'NaN',
	Number.NaN,
	'0',
	'-5',
	'2.5',
	'1e3',
	' ',
	1e21,
	Number.POSITIVE_INFINITY,
	'',
	{},
	[50],
];

const HOSTILE_AMOUNTS: unknown[] = [
	'lots',
	'12,50',
	'1e3',
	'0x10',
	'NaN',
	Number.NaN,
	Number.POSITIVE_INFINITY,
	'1 000',
	{ value: 1 },
	[5],
	true,
];

let description: INodeType['description'];
beforeAll(async () => {
	description = ((await loadPackage()).nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConverts', 1) as INodeType).description;
});

/** Every resource and operation the node offers. */
function operations(): Array<{ resource: string; operation: string }> {
	return description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.options as Array<{ value: string }>).map((option) => ({
				resource: property.displayOptions!.show!.resource![0] as string,
				operation: option.value,
			})),
		);
}

/** The parameters of an operation with valid values for everything required, as the editor would save them. */
function validParameters(resource: string, operation: string): INodeParameters {
	const parameters = NodeHelpers.getNodeParameters(description.properties, { resource, operation }, true, false, null, description) ?? {};
	for (const property of description.properties) {
		if (!(property.name in parameters) || !property.required) continue;
		if (property.name in ID_PARAMETERS)
			parameters[property.name] = property.type === 'resourceLocator' ? { __rl: true, mode: 'id', value: '1001' } : '1001';
		else if (property.type === 'string' && parameters[property.name] === '') parameters[property.name] = 'name@example.com';
	}
	if (operation === 'update')
		parameters.updateFields = resource === 'lead' ? { leadUrl: 'https://example.com' } : { email: 'name@example.com' };
	return parameters;
}

interface Target {
	/** where the value goes: 'leadId', 'filters.profileId', 'additionalFields.accounts' */
	path: string;
	/** the label the error must name */
	label: string;
	/** sets the value (or an expression) at the target */
	set: (parameters: INodeParameters, value: unknown) => INodeParameters;
	optional: boolean;
}

const asLocatorIfNeeded = (property: INodeProperties, value: unknown) =>
	(property.type === 'resourceLocator' ? { __rl: true, mode: 'id', value } : value) as INodeParameters[string];

/** The id parameters an operation shows: top level, inside its collections, and a user's account access. */
function idTargets(parameters: INodeParameters): Target[] {
	const targets: Target[] = [];
	for (const property of description.properties) {
		if (!(property.name in parameters) || !NodeHelpers.displayParameter(parameters, property, null, description)) continue;
		if (property.name in ID_PARAMETERS && property.type !== 'collection') {
			const label = ID_PARAMETERS[property.name as keyof typeof ID_PARAMETERS].label;
			targets.push({
				path: property.name,
				label,
				optional: !property.required,
				set: (p, value) => ({ ...p, [property.name]: asLocatorIfNeeded(property, value) }),
			});
		}
		if (property.type !== 'collection') continue;
		for (const option of property.options as INodeProperties[]) {
			// In leads, user_id is the visitor id: text, not a WhatConverts ID.
			if (option.name in ID_PARAMETERS && option.name !== 'userId') {
				targets.push({
					path: `${property.name}.${option.name}`,
					label: ID_PARAMETERS[option.name as keyof typeof ID_PARAMETERS].label,
					optional: true,
					set: (p, value) => ({
						...p,
						[property.name]: { ...(p[property.name] as INodeParameters), [option.name]: asLocatorIfNeeded(option, value) },
					}),
				});
			}
			if (option.name === 'accounts') {
				for (const [key, label] of [
					['accountId', 'Account ID'],
					['roleId', 'Role ID'],
				]) {
					targets.push({
						path: `${property.name}.accounts.${key}`,
						label,
						optional: key === 'roleId',
						set: (p, value) => {
							const access: IDataObject = { accountId: { __rl: true, mode: 'id', value: '1001' }, roleId: '4101' };
							access[key] = (key === 'accountId' ? { __rl: true, mode: 'id', value } : value) as IDataObject[string];
							return { ...p, [property.name]: { ...(p[property.name] as IDataObject), accounts: { access: [access] } } } as INodeParameters;
						},
					});
				}
			}
		}
	}
	return targets;
}

const ALL = () =>
	operations().flatMap(({ resource, operation }) => {
		const parameters = validParameters(resource, operation);
		return idTargets(parameters).map((target) => ({ resource, operation, parameters, target }));
	});

describe('hostile ids', () => {
	it('covers every id parameter of the public names (test/publicNames.test.ts), every resource of the table and every operation with an id', () => {
		const cases = ALL();
		const covered = new Set(cases.map(({ target }) => target.path.split('.').pop()));
		expect([...covered].sort()).toEqual(Object.keys(ID_PARAMETERS).sort());
		const resources = new Set(cases.map(({ resource }) => resource));
		expect([...resources].sort()).toEqual(Object.keys(RESOURCES).sort());
		expect(cases.length).toBeGreaterThanOrEqual(30);
	});

	it('from an expression, item by item, reach nothing and name the field', async () => {
		for (const { resource, operation, parameters, target } of ALL()) {
			server.reset();
			const values = [...HOSTILE_IDS, '', null];
			const { items, error } = await runNode({
				parameters: target.set({ ...parameters }, '={{ $json.value }}'),
				items: values.map((value) => ({ value })) as IDataObject[],
				credentials: credentialsFor(server, server.keys.master),
				continueOnFail: true,
			});
			const where = `${resource} ${operation} ${target.path}`;
			expect([where, error]).toEqual([where, undefined]);
			expect([where, server.log.length]).toEqual([where, 0]);
			expect([where, items.length]).toEqual([where, values.length]);
			items.forEach((item, index) => {
				const message = String((item.error as Error | undefined)?.message ?? '');
				expect([where, values[index], message]).toEqual([where, values[index], expect.stringContaining(target.label)]);
			});
		}
	});

	it('as a fixed value, reach nothing and name the field', async () => {
		const fixed = HOSTILE_IDS.filter((value): value is string => typeof value === 'string');
		for (const { resource, operation, parameters, target } of ALL()) {
			for (const value of fixed) {
				server.reset();
				// A picker's "By ID" value that is not digits stops n8n itself before the run: the
				// workflow "has issues", with the picker's own message.
				const error = await runNode({
					parameters: target.set({ ...parameters }, value),
					credentials: credentialsFor(server, server.keys.master),
				}).then(
					(result) => result.error,
					(thrown: Error) => thrown,
				);
				const where = `${resource} ${operation} ${target.path} ${JSON.stringify(value)}`;
				expect([where, server.log.length]).toEqual([where, 0]);
				expect([where, error?.message]).toEqual([where, expect.stringContaining(target.label)]);
			}
		}
	});

	it('a clean id, with white space around it, goes into exactly the path of the resource table', async () => {
		for (const { resource, operation, parameters, target } of ALL()) {
			if (target.path.includes('.')) continue;
			server.reset();
			await runNode({ parameters: target.set({ ...parameters }, ' 1001\n'), credentials: credentialsFor(server, server.keys.master) });
			const table = RESOURCES[resource as keyof typeof RESOURCES];
			const onList = ['getAll', 'create', 'findOrCreate'].includes(operation) || (resource === 'user' && operation === 'update');
			const template = onList ? table.list : ((table as { item?: string }).item ?? table.list);
			const expected = template.replace(/\{\w+\}/g, '1001');
			const paths = server.log.map((entry) => entry.path);
			expect([resource, operation, paths.length > 0 && paths.every((path) => path === expected)]).toEqual([resource, operation, true]);
			expect(server.log[0].offRoute).toBe(false);
		}
	});
});

describe('hostile limits and amounts', () => {
	it('every Get Many refuses a limit that is not a whole number of 1 or more, before any request', async () => {
		const lists = operations().filter(({ operation }) => operation === 'getAll');
		expect(lists.map(({ resource }) => resource).sort()).toEqual([
			'account',
			'lead',
			'profile',
			'role',
			'trackingForm',
			'trackingNumber',
			'user',
		]);
		for (const { resource } of lists) {
			const parameters = validParameters(resource, 'getAll');
			const { items } = await runNode({
				parameters: { ...parameters, returnAll: false, limit: '={{ $json.limit }}' },
				items: HOSTILE_COUNTS.map((limit) => ({ limit })) as IDataObject[],
				credentials: credentialsFor(server, server.keys.master),
				continueOnFail: true,
			});
			expect([resource, server.log.length]).toEqual([resource, 0]);
			items.forEach((item, index) => {
				expect([resource, HOSTILE_COUNTS[index], String((item.error as Error | undefined)?.message)]).toEqual([
					resource,
					HOSTILE_COUNTS[index],
					expect.stringMatching(/^Limit /),
				]);
			});
		}
	});

	it.each([
		['create', 'additionalFields', ['quoteValue', 'salesValue', 'callDurationSeconds', 'transactionTax', 'transactionShipping']],
		['update', 'updateFields', ['quoteValue', 'salesValue']],
	])('lead %s refuses amounts that are not plain finite numbers, before any request', async (operation, collection, names) => {
		for (const name of names as string[]) {
			const { items } = await runNode({
				parameters: {
					resource: 'lead',
					operation,
					leadType: name.startsWith('transaction') ? 'transaction' : 'phone_call',
					leadId: '1',
					[collection]: { [name]: '={{ $json.amount }}' },
				},
				items: HOSTILE_AMOUNTS.map((amount) => ({ amount })) as IDataObject[],
				credentials: credentialsFor(server),
				continueOnFail: true,
			});
			expect([name, server.log.length]).toEqual([name, 0]);
			items.forEach((item, index) => {
				expect([name, HOSTILE_AMOUNTS[index], String((item.error as Error | undefined)?.message)]).toEqual([
					name,
					HOSTILE_AMOUNTS[index],
					expect.stringMatching(/is not a number/),
				]);
			});
		}
	});
});

describe('hostile rate-limit settings', () => {
	it.each([
		['maxInFlight', 'Max Requests In Flight', [0, 21, -1, 2.5, 'abc', '', '1e3', { n: 1 }]],
		['maxRetries', 'Max Retries', [-1, 201, 2.5, 'NaN', Number.POSITIVE_INFINITY]],
		['maxWaitSeconds', 'Max Wait (Seconds)', [-1, 3601, 0.5, 'soon', [1]]],
	])('%s is refused before any request when it is not a whole number in range', async (name, label, values) => {
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: '1', rateLimitHandling: { [name]: '={{ $json.value }}' } },
			items: (values as unknown[]).map((value) => ({ value })) as IDataObject[],
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(server.log).toHaveLength(0);
		expect(items.map((item) => String((item.error as Error | undefined)?.message).startsWith(label as string))).toEqual(
			(values as unknown[]).map(() => true),
		);
	});
});

describe('the polling trigger', () => {
	it.each(['accountId', 'profileId'])('refuses a hostile %s filter before any request', async (name) => {
		for (const value of HOSTILE_IDS.filter((v): v is string => typeof v === 'string')) {
			server.reset();
			const trigger = new PollingTrigger({
				parameters: { event: 'newLead', filters: { [name]: { __rl: true, mode: 'id', value } } },
				credentials: credentialsFor(server, server.keys.master),
			});
			const outcome = await trigger.poll();
			expect([value, server.log.length]).toEqual([value, 0]);
			expect([value, outcome.error?.message]).toEqual([value, expect.stringContaining(ID_PARAMETERS[name as 'accountId'].label)]);
		}
	});
});

describe('mapped values that are empty for an item', () => {
	it('a filter mapped from the item and empty for it is refused, not dropped (which would read every lead)', async () => {
		server.addLeads(3);
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, filters: { emailAddress: '={{ $json.email }}' } },
			items: [{ email: '' }, {}],
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(server.log).toHaveLength(0);
		expect(items.map((item) => String((item.error as Error | undefined)?.message))).toEqual([
			'Email Address is empty for this item',
			'Email Address is empty for this item',
		]);
	});
});
