import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Field } from './params';
import { typed } from './params';

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
export const returnAllAndLimit: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getAll'] } }, [RETURN_ALL.property, LIMIT.property]);

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
