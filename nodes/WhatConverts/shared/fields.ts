import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Field } from './params';
import { group, typed } from './params';

// Builders for the node's parameters, each with its type: what the editor shows and how the value is
// checked are declared together. The API name is the parameter's name in snake_case.
type More = Partial<INodeProperties>;

export const textField = (displayName: string, name: string, more: More = {}): Field =>
	typed('text', { displayName, name, type: 'string', default: '', ...more });

export const amountField = (displayName: string, name: string, more: More = {}): Field =>
	typed('amount', { displayName, name, type: 'number', default: 0, ...more });

export const booleanField = (displayName: string, name: string, description: string, more: More = {}): Field =>
	typed('boolean', { displayName, name, type: 'boolean', default: false, description, ...more });

/** A date or date-time; an end date given as a date alone includes that whole day. */
export const dateField = (displayName: string, name: string, description: string): Field =>
	typed('date', { displayName, name, type: 'dateTime', default: '', description }, { endOfDay: name === 'endDate' });

export const enumField = (
	displayName: string,
	name: string,
	options: INodePropertyOptions[],
	defaultValue: string,
	more: More = {},
	field: Partial<Field> = {},
): Field => typed('enum', { displayName, name, type: 'options', options, default: defaultValue, ...more }, field);

/** A name/value list (fixedCollection) sent as one of the API's maps, e.g. additional_fields[Name]=value. */
export function nameValueMap(name: string, displayName: string, description: string): Field {
	return typed('map', {
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
	});
}

export const RETURN_ALL = typed('boolean', {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
});

export const LIMIT = typed('count', {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
});

/**
 * "Return All" and "Limit" of every Get Many, one property each for all resources: n8n evaluates every
 * top-level property of a declarative node for every item. The transport turns them into pages.
 */
export const returnAllAndLimit: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getAll'] } }, [
	RETURN_ALL.property,
	LIMIT.property,
]);

/** How the transport copes with WhatConverts' rate limits; shown on every operation and the trigger. */
export const RATE_LIMIT_HANDLING = group(
	{
		displayName: 'Rate Limit Handling',
		name: 'rateLimitHandling',
		placeholder: 'Add Option',
		description:
			'WhatConverts allows 20 requests in flight per API key and answers 429 beyond that or when the daily quota is spent. Refused requests wait and are retried (honouring Retry-After), and the node sends fewer at once until WhatConverts accepts them again; a spent daily quota fails at once.',
	},
	[
		typed('count', {
			displayName: 'Max Requests In Flight',
			name: 'maxInFlight',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 20,
			description:
				'The most requests this n8n process sends at once with this credential. WhatConverts allows 20 per API key in all. In queue mode every worker has its own: with N workers set 20/N, or leave 20 and let the node adapt (it halves its share when WhatConverts refuses a request as too many, and grows it back slowly).',
		}),
		typed('count', {
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 200 },
			default: 50,
			description:
				'The most times one request is retried after a 429, or (reads and deletes only) a server error or lost answer. Max Wait usually ends the retries first.',
		}),
		typed('count', {
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 120,
			description:
				'How long one request may keep retrying, from its first refused or failed attempt. The default rides out another workflow or app using the same key for a while.',
		}),
	],
);

export const rateLimitHandling = RATE_LIMIT_HANDLING.property;
