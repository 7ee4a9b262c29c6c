import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { IdName } from '../shared/resources';
import { ID_PARAMETERS } from '../shared/resources';
import type { Field } from './types';
import { typed } from './types';

// Builders for the node's parameters, each with its type: what the editor shows and how the value is
// checked are declared together. The API name is the parameter's name in snake_case.
type PropertyOverrides = Partial<Omit<INodeProperties, 'name'>>;

export const textField = <N extends string>(displayName: string, name: N, overrides: PropertyOverrides = {}): Field<'text', N> =>
	typed('text', { displayName, name, type: 'string', default: '', ...overrides });

export const amountField = <N extends string>(displayName: string, name: N, overrides: PropertyOverrides = {}): Field<'amount', N> =>
	typed('amount', { displayName, name, type: 'number', default: 0, ...overrides });

export const booleanField = <N extends string>(
	displayName: string,
	name: N,
	description: string,
	overrides: PropertyOverrides = {},
): Field<'boolean', N> => typed('boolean', { displayName, name, type: 'boolean', default: false, description, ...overrides });

/** A whole number from `range.minValue` up to `range.maxValue`. */
export const countField = <N extends string>(
	displayName: string,
	name: N,
	defaultValue: number,
	range: { minValue: number; maxValue?: number },
	overrides: PropertyOverrides = {},
): Field<'count', N> => typed('count', { displayName, name, type: 'number', typeOptions: range, default: defaultValue, ...overrides });

/** A date or date-time; an end date given as a date alone includes that whole day. */
export const dateField = <N extends string>(displayName: string, name: N, description: string): Field<'date', N> =>
	typed('date', { displayName, name, type: 'dateTime', default: '', description }, { endOfDay: name === 'endDate' });

export const enumField = <N extends string>(
	displayName: string,
	name: N,
	options: INodePropertyOptions[],
	defaultValue: string,
	overrides: PropertyOverrides = {},
	field: Partial<Field> = {},
): Field<'enum', N> => typed('enum', { displayName, name, type: 'options', options, default: defaultValue, ...overrides }, field);

/** A name/value list (fixedCollection) sent as one of the API's maps, e.g. additional_fields[Name]=value. */
export function nameValueListField<N extends string>(name: N, displayName: string, description: string): Field<'map', N> {
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

/**
 * An id typed as text (a lead, user, role, tracking number or form), named and labelled by the
 * resource table. The operations that take the same id declare it alike, so the node declares it once.
 */
export const idField = <N extends IdName>(name: N, placeholder: string, description: string): Field<'id', N> =>
	typed('id', { displayName: ID_PARAMETERS[name].label, name, type: 'string', required: true, default: '', placeholder, description });

/** A warning shown above a delete that cannot be undone. */
export const deleteNotice = (resource: string, text: string): INodeProperties => ({
	displayName: text,
	name: `${resource}DeleteWarning`,
	type: 'notice',
	default: '',
});
