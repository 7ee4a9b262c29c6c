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
		'WhatConverts allows 20 requests in flight per API key and answers 429 beyond that or when the daily quota is spent. Refused requests wait and are retried (honouring Retry-After), and the node sends fewer at once until WhatConverts accepts them again; a spent daily quota fails at once.',
	options: [
		{
			displayName: 'Max Requests In Flight',
			name: 'maxInFlight',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 20,
			description:
				'The most requests this n8n process sends at once with this credential. WhatConverts allows 20 per API key in all. In queue mode every worker has its own: with N workers set 20/N, or leave 20 and let the node adapt (it halves its share when WhatConverts refuses a request as too many, and grows it back slowly).',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 200 },
			default: 50,
			description:
				'The most times one request is retried after a 429, or (reads and deletes only) a server error or lost answer. Max Wait usually ends the retries first.',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description:
				'How long one request may keep retrying, from its first refused or failed attempt. The default rides out another workflow or app using the same key for a while.',
		},
	],
};
