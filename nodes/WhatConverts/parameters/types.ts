import type { INodeProperties } from 'n8n-workflow';

/**
 * Typed parameters. Every value a request carries, and every setting an operation or trigger reads,
 * comes from a parameter of one of these types and is checked as that type (parameters/check.ts)
 * before any request is built, so input from a webhook, a sheet or an AI agent can only ever
 * become a value of the expected kind, in the expected place.
 */
export type ParamType = 'id' | 'count' | 'date' | 'enum' | 'enumList' | 'amount' | 'boolean' | 'text' | 'map' | 'accounts' | 'position';

export interface Field {
	type: ParamType;
	/** the node parameter, as the editor shows it */
	property: INodeProperties;
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
export interface FieldGroup {
	property: INodeProperties;
	fields: Field[];
}

/** A top-level parameter: a typed field, or a collection of them. */
export type Parameter = Field | FieldGroup;

/** The API's name for a parameter: the node's parameters are the API's fields in camelCase. */
export function apiNameOf(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function typed(type: ParamType, property: INodeProperties, options: Partial<Omit<Field, 'type' | 'property'>> = {}): Field {
	return { type, property, apiName: apiNameOf(property.name), ...options };
}

export function group(property: Omit<INodeProperties, 'type' | 'options' | 'default'>, fields: Field[]): FieldGroup {
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
