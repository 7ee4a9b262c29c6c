import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * Typed parameters. Every value a request carries, and every setting an operation or trigger reads,
 * comes from a parameter of one of these types and is checked as that type (parameters/check.ts)
 * before any request is built, so input from a webhook, a sheet or an AI agent can only ever
 * become a value of the expected kind, in the expected place.
 */
export interface CheckedValue {
	id: number;
	count: number;
	/** as the API takes it: a date alone, or a date-time in UTC */
	date: string;
	enum: string;
	enumList: string[];
	amount: number;
	boolean: boolean;
	text: string;
	map: IDataObject;
	/** [{ account_id, role_id }] */
	accounts: IDataObject[];
	/** a lead's date and id: 2025-03-10T08:00:00Z/10412 */
	position: string;
}

export type ParamType = keyof CheckedValue;

/** A typed parameter: its type `T` says what its value is once checked, `N` is its name. */
export interface Field<T extends ParamType = ParamType, N extends string = string> {
	type: T;
	/** the node parameter, as the editor shows it */
	property: INodeProperties & { name: N };
	/** the API's name for it */
	apiName: string;
	/** enum: what WhatConverts itself calls a value elsewhere, e.g. master_account_user → master_account */
	aliases?: Record<string, string>;
	/** enum: the value sent for a chosen option, when it is not the option's own value */
	sendAs?: (value: string) => string;
	/** enum: WhatConverts answers with the option's label ("Phone Call"), not the value it takes */
	answeredAsLabel?: boolean;
	/** date: a date alone stands for the end of that day (end dates) */
	endOfDay?: boolean;
}

/** A collection parameter (filters, additionalFields, updateFields, options) and the typed fields inside it. */
export interface FieldGroup<F extends Field = Field> {
	property: INodeProperties;
	fields: F[];
}

/** A top-level parameter: a typed field, or a collection of them. */
export type Parameter = Field | FieldGroup;

type FieldsIn<P extends Parameter> = P extends FieldGroup<infer F> ? F : P;

/** Checked settings by parameter name (a collection's fields by their own names), each of its field's type. */
export type Settings<P extends Parameter> = { [F in FieldsIn<P> as F['property']['name']]: CheckedValue[F['type']] };

/** The API's name for a parameter: the node's parameters are the API's fields in camelCase. */
export function apiNameOf(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function typed<T extends ParamType, N extends string>(
	type: T,
	property: INodeProperties & { name: N },
	options: Partial<Omit<Field, 'type' | 'property'>> = {},
): Field<T, N> {
	return { type, property, apiName: apiNameOf(property.name), ...options };
}

export function group<F extends Field>(property: Omit<INodeProperties, 'type' | 'options' | 'default'>, fields: F[]): FieldGroup<F> {
	return {
		// displayName first, as n8n's lint wants a parameter written
		property: {
			...property,
			placeholder: property.placeholder ?? 'Add Field',
			type: 'collection',
			default: {},
			options: fields.map((field) => field.property),
		},
		fields,
	};
}
