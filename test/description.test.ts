// What n8n and AI agents read from the built node: resources, operations, pickers, hints, codex.
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { loadPackage } from './harness/n8n';

const OPERATIONS: Record<string, string[]> = {
	lead: ['getAll', 'get', 'create', 'update', 'findOrCreate'],
	account: ['getAll', 'get', 'create', 'update', 'delete'],
	profile: ['getAll', 'get', 'create', 'update', 'delete'],
	recording: ['get'],
	user: ['getAll', 'get', 'create', 'update'],
	role: ['getAll', 'get'],
	trackingNumber: ['getAll', 'delete'],
	trackingForm: ['getAll', 'delete'],
};

let node: INodeType;
beforeAll(async () => {
	node = (await loadPackage()).nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConverts', 1) as INodeType;
});

/** Every property, also those inside collections and fixed collections. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).flatMap((option) =>
			'values' in option
				? allProperties(option.values)
				: 'displayName' in option && 'type' in option
					? allProperties([option as INodeProperties])
					: [],
		);
		return [property, ...nested];
	});
}

const shownFor = (property: INodeProperties, resource: string, operation: string) =>
	property.displayOptions?.show?.resource?.includes(resource) && property.displayOptions.show.operation?.includes(operation);

describe('node description', () => {
	it('is usable as an AI tool and offers every public resource and operation (test/publicNames.test.ts) with an action', () => {
		const { description } = node;
		expect(description.usableAsTool).toBe(true);
		const resource = description.properties.find((property) => property.name === 'resource')!;
		expect((resource.options as Array<{ value: string }>).map((option) => option.value).sort()).toEqual(Object.keys(OPERATIONS).sort());
		for (const [name, operations] of Object.entries(OPERATIONS)) {
			const operation = description.properties.find(
				(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(name),
			)!;
			const options = operation.options as Array<{ value: string; action?: string; description?: string; routing?: unknown }>;
			expect(options.map((option) => option.value).sort()).toEqual([...operations].sort());
			for (const option of options) {
				expect(option.action).toMatch(/^[A-Z][a-z]+( or [a-z]+)? (a|an|many) /);
				expect((option.description ?? '').length).toBeGreaterThan(20);
				expect(option.routing).toBeDefined();
			}
		}
	});

	it('makes every account and profile field a picker (list with search, or ID)', () => {
		const pickers = allProperties(node.description.properties).filter((property) => ['accountId', 'profileId'].includes(property.name));
		// account get/update/delete, the profiles' account, profile get/update/delete, lead filters x2,
		// lead create, tracking filters x2 each, user accounts in create and update.
		expect(pickers).toHaveLength(12);
		for (const picker of pickers) {
			expect(picker.type).toBe('resourceLocator');
			const [list, id] = picker.modes!;
			expect(list).toMatchObject({ name: 'list', typeOptions: { searchable: true } });
			expect(Object.keys(node.methods!.listSearch!)).toContain(list.typeOptions!.searchListMethod);
			expect(id.name).toBe('id');
		}
	});

	it('declares each id, Return All and Limit once for all operations: n8n evaluates every declaration for every item', () => {
		const declarations = (name: string) => node.description.properties.filter((property) => property.name === name).length;
		for (const name of [
			'leadId',
			'userId',
			'roleId',
			'phoneNumberId',
			'formId',
			'returnAll',
			'limit',
			'accountName',
			'profileName',
			'leadType',
		]) {
			expect([name, declarations(name)]).toEqual([name, 1]);
		}
	});

	it('warns above each delete what WhatConverts deletes with it', () => {
		const notice = (resource: string) =>
			node.description.properties.find((property) => property.type === 'notice' && shownFor(property, resource, 'delete'))?.displayName;
		expect(notice('account')).toMatch(/profiles, tracking numbers and leads\. This cannot be undone/);
		expect(notice('profile')).toMatch(/tracking numbers and leads\. This cannot be undone/);
		expect(notice('trackingNumber')).toMatch(/stops tracking this number/);
		expect(notice('trackingForm')).toMatch(/stops tracking this form/);
	});

	it('puts recordings in the binary property "data" by default, and offers Simplify on lead reads', () => {
		const properties = node.description.properties;
		expect(properties.find((property) => property.name === 'binaryPropertyName')).toMatchObject({ default: 'data' });
		for (const operation of ['get', 'getAll']) {
			expect(properties.find((property) => property.name === 'simplify' && shownFor(property, 'lead', operation))).toMatchObject({
				type: 'boolean',
				default: false,
			});
		}
	});

	it('ships a codex that n8n reads: categories, aliases and documentation', () => {
		const codex = node.description.codex!;
		expect(codex.categories).toEqual(expect.arrayContaining(['Marketing & Content', 'Analytics']));
		expect(codex.alias).toEqual(expect.arrayContaining(['call tracking', 'lead tracking']));
		expect(codex.resources?.primaryDocumentation?.[0].url).toMatch(/^https:\/\/www\.whatconverts\.com\//);
	});
});
