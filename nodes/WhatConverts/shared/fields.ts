import type { INodeProperties } from 'n8n-workflow';

/** The API's name for a parameter: INTERFACE.md names every field as the API field in camelCase. */
export function toWireName(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A field that is sent as the API field of the same name, in the query string or the body. */
export function sendAs(where: 'query' | 'body', property: INodeProperties): INodeProperties {
	return { ...property, routing: { send: { type: where, property: toWireName(property.name) } } };
}

/** A name/value list (fixedCollection) sent as one of the API's maps, e.g. additional_fields[Name]=value. */
export function nameValueMap(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		description,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
		routing: {
			send: {
				type: 'body',
				property: toWireName(name),
				value:
					'={{ Object.fromEntries(($value.field || []).filter(f => f.name).map(f => [f.name, f.value])) }}',
			},
		},
	};
}

/** "Return All" and "Limit" for a list operation; the transport turns them into pages. */
export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
			routing: { output: { maxResults: '={{$value}}' } },
		},
	];
}

/** WhatConverts reads creates and edits of accounts, profiles and leads as forms. */
export const FORM_BODY = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** How the transport copes with WhatConverts' rate limits; shown on every operation. */
export const rateLimitHandling: INodeProperties = {
	displayName: 'Rate Limit Handling',
	name: 'rateLimitHandling',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description:
		'WhatConverts answers 429 when more than 20 requests are in flight or the daily quota is spent. Refused requests are retried with backoff (honouring Retry-After); a spent daily quota fails at once.',
	options: [
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 8,
			description: 'How many times one request is retried after a 429, or (reads and deletes only) a server error or lost answer',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description: 'The longest one request may spend waiting between retries in total',
		},
	],
};
