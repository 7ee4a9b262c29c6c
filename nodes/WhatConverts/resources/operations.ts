import type { INodeProperties, INodePropertyRouting } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/** One operation, declared whole in its own file: what the editor lists and shows, what it sends, what an AI agent is told. */
export interface Operation {
	name: string;
	value: string;
	/** the editor's action, e.g. "Get many leads" */
	action: string;
	description: string;
	/** the tool description an AI agent reads: what it returns, its filters and values, its cost */
	forAgents: string;
	/** its parameters (id first), in the order the editor shows them; shown for this operation only */
	properties: INodeProperties[];
	routing: INodePropertyRouting;
}

/** What an operation says of itself in the editor and to an AI agent. */
export type OperationText = Pick<Operation, 'action' | 'description' | 'forAgents'>;

/** A resource's operations as the node declares them. */
export interface ResourceOperations {
	resource: string;
	/** the Operation list, and for the node's AI tool variant one Description per operation */
	operationList: INodeProperties[];
	/** each operation's parameters, shown for it alone */
	perOperation: Array<{ operation: string; properties: INodeProperties[] }>;
}

/**
 * A resource's Operation list and its operations' parameters. The tool descriptions: n8n would
 * otherwise tell the model only the action ("Get many leads in WhatConverts").
 */
export function resourceOperations(resource: string, defaultOperation: string, operations: Operation[]): ResourceOperations {
	const operationList: INodeProperties[] = [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operations.map(({ name, value, action, description, routing }) => ({ name, value, action, description, routing })),
			default: defaultOperation,
		},
		...operations.map(
			({ value, forAgents }): INodeProperties => ({
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				typeOptions: { rows: 6 },
				default: forAgents,
				description: 'What the AI agent is told this tool does, returns and costs',
				displayOptions: { show: { '@tool': [true], resource: [resource], operation: [value] } },
			}),
		),
	];
	const perOperation = operations.map(({ value, properties }) => ({
		operation: value,
		properties: updateDisplayOptions({ show: { resource: [resource], operation: [value] } }, properties),
	}));
	return { resource, operationList, perOperation };
}

/** A property without the resource and operation it is shown for: two alike are one parameter. */
function withoutPlace(property: INodeProperties): string {
	const show = { ...property.displayOptions?.show };
	delete show.resource;
	delete show.operation;
	const rest = { ...property, displayOptions: { ...property.displayOptions, show } };
	return JSON.stringify(rest, (_, value: unknown) => (typeof value === 'function' ? String(value) : value));
}

/**
 * The node's parameters from every operation's own. n8n's RoutingNode evaluates every property of a
 * declarative node's description for every item, once per declaration, hidden ones included: a
 * parameter that several operations declare alike (an id, Return All, a create's fields) becomes
 * one declaration shown for all of them, when the union of their resources and operations shows it
 * nowhere else. The order keeps each operation's own order of its parameters.
 */
export function nodeProperties(resources: ResourceOperations[]): INodeProperties[] {
	const places = resources.flatMap(({ resource, perOperation }) => perOperation.map(({ operation }) => `${resource}/${operation}`));
	const merged: Array<{ property: INodeProperties; places: Set<string>; after: Set<number> }> = [];
	for (const { resource, perOperation } of resources) {
		for (const { operation, properties } of perOperation) {
			let previous: number | undefined;
			// Each property joins an alike one declared before, or is declared anew; either way it comes
			// after the property its operation declares before it.
			for (const property of properties) {
				const place = `${resource}/${operation}`;
				let index = merged.findIndex((entry) => entry.property.name === property.name && fitsBeside(entry, property, place));
				if (index === -1) index = merged.push({ property, places: new Set(), after: new Set() }) - 1;
				const entry = merged[index];
				entry.places.add(place);
				entry.property = shownAt(entry.property, entry.places);
				if (previous !== undefined && previous !== index) entry.after.add(previous);
				previous = index;
			}
		}
	}
	return inOrder(merged.map((entry) => entry.after)).map((index) => merged[index].property);

	/** Alike, and shown at the union of places only where one of them is shown. */
	function fitsBeside(entry: { property: INodeProperties; places: Set<string> }, property: INodeProperties, place: string) {
		if (withoutPlace(entry.property) !== withoutPlace(property)) return false;
		const wanted = new Set([...entry.places, place]);
		const { resource, operation } = shownAt(entry.property, wanted).displayOptions?.show ?? {};
		return places.every((known) => {
			const [r, o] = known.split('/');
			return wanted.has(known) || !(resource?.includes(r) && operation?.includes(o));
		});
	}
}

/** The property shown at these resource/operation places (the union of their resources and operations). */
function shownAt(property: INodeProperties, places: Set<string>): INodeProperties {
	const resource = [...new Set([...places].map((place) => place.split('/')[0]))];
	const operation = [...new Set([...places].map((place) => place.split('/')[1]))];
	const show = { ...property.displayOptions?.show, resource, operation };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

/** Indexes in an order where each comes after those it must follow, else in first-declared order. */
function inOrder(after: Array<Set<number>>): number[] {
	const order: number[] = [];
	const placed = new Set<number>();
	while (order.length < after.length) {
		const next = after.findIndex((before, index) => !placed.has(index) && [...before].every((other) => placed.has(other)));
		if (next === -1) throw new Error('Two operations declare shared parameters in opposite orders');
		order.push(next);
		placed.add(next);
	}
	return order;
}
