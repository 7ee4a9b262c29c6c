import type { IDataObject, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { isResourceLocatorValue, NodeOperationError } from 'n8n-workflow';

import type { IdName } from './resources';
import { ID_PARAMETERS } from './resources';

/**
 * Typed parameters. Every value a request carries comes from a field of one of these types and is
 * checked as that type before the request is built, so input from a webhook, a sheet or an AI agent
 * can only ever become a value of the expected kind, in the expected place.
 */
export type ParamType = 'id' | 'count' | 'date' | 'enum' | 'amount' | 'boolean' | 'text' | 'map' | 'accounts';

export interface Field {
	type: ParamType;
	/** the node parameter, as the editor shows it */
	property: INodeProperties;
	/** the API's name for it */
	wire: string;
	/** enum: what WhatConverts itself calls a value elsewhere, e.g. master_account_user → master_account */
	aliases?: Record<string, string>;
	/** enum: the value sent for a chosen option, when it is not the option's own value */
	toWire?: (value: string) => string;
	/** enum: WhatConverts answers with the option's label ("Phone Call"), not the value it takes */
	answeredAsLabel?: boolean;
	/** date: a date alone stands for the end of that day (end dates) */
	endOfDay?: boolean;
}

/** A collection parameter (filters, additionalFields, updateFields) and the typed fields inside it. */
export interface FieldGroup {
	property: INodeProperties;
	fields: Field[];
}

/** The API's name for a parameter: the API field in camelCase, as the node's parameters are named. */
export function toWireName(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function typed(type: ParamType, property: INodeProperties, options: Partial<Omit<Field, 'type' | 'property'>> = {}): Field {
	return { type, property, wire: toWireName(property.name), ...options };
}

export function group(property: Omit<INodeProperties, 'type' | 'options' | 'default'>, fields: Field[]): FieldGroup {
	return {
		property: { placeholder: 'Add Field', ...property, type: 'collection', default: {}, options: fields.map((field) => field.property) },
		fields,
	};
}

export function inputError(node: INode, message: string, description?: string, itemIndex?: number) {
	return new NodeOperationError(node, message, { description, itemIndex, level: 'warning' });
}

/** A value as an error message quotes it: short, on one line, objects as JSON. */
export function shown(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' || typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
	} catch {
		text = String(value);
	}
	text = JSON.stringify(text).slice(1, -1);
	return text.length > 80 ? `${text.slice(0, 77)}… (${text.length} characters)` : text;
}

export const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

// ASCII digits only: String.prototype.trim, Number() and parseInt accept far more (signs, "1e3",
// "0x1f", Arabic-Indic digits, trailing text), any of which could reach a path.
const WHOLE_NUMBER = /^[0-9]{1,15}$/;

/** A whole number ≥ min from a number or its digits (surrounding white space allowed), or undefined. */
function wholeNumber(value: unknown, min: number): number | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value >= min ? value : undefined;
	if (typeof value !== 'string' || !WHOLE_NUMBER.test(value.trim())) return undefined;
	const number = Number(value.trim());
	return number >= min ? number : undefined;
}

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

function amount(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || !PLAIN_NUMBER.test(value.trim())) return undefined;
	return Number(value.trim());
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a date as WhatConverts reads it: a date (2025-01-31) or a date-time, UTC unless the text
 * names a zone. Returns the instant, or undefined when the text is not such a date.
 */
export function parseApiDate(text: string, endOfDay = false): Date | undefined {
	const match = ISO_DATE.exec(text.trim());
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, zone] = match;
	// Date rolls 2025-02-30 over into March and 24:00 into the next day: refuse them instead.
	const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) return undefined;
	if (Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) return undefined;
	const time = hour === undefined ? (endOfDay ? '23:59:59' : '00:00:00') : `${hour}:${minute}:${second ?? '00'}`;
	const offset = zone && !/^z$/i.test(zone) && !zone.includes(':') ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
	const date = new Date(`${year}-${month}-${day}T${time}${offset ?? 'Z'}`);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The date-time form the API documents: 2025-01-31T00:00:00Z (whole seconds, UTC). */
export function formatApiDate(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A date given as text, a Date or a Luxon DateTime (what $now and date expressions give). */
function dateText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	const toISO = (value as { toISO?: unknown } | null)?.toISO;
	if (typeof toISO === 'function') return String(toISO.call(value));
	return undefined;
}

/** "Phone Call", "phone call", "PHONE_CALL" → "phone_call": how values and labels are compared. */
const fold = (text: string) =>
	text
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, '_');

/** The option a value names: its value, its label (as WhatConverts answers with it) or an alias. */
export function optionFor(options: INodePropertyOptions[], value: unknown, aliases: Record<string, string> = {}) {
	if (typeof value !== 'string') return undefined;
	const wanted = fold(value);
	const aliased = Object.entries(aliases).find(([alias]) => fold(alias) === wanted)?.[1];
	return options.find((option) => fold(String(option.value)) === wanted || fold(option.name) === wanted || option.value === aliased);
}

export const allowedValues = (options: INodePropertyOptions[]) =>
	options.map((option) => (String(option.value) === option.name ? option.name : `${String(option.value)} (${option.name})`)).join(', ');

/** A name/value list (fixedCollection) as the API's map; names cannot carry brackets into the form keys. */
function nameValueMap(node: INode, field: Field, value: unknown, itemIndex?: number): IDataObject | undefined {
	const entries = (value as { field?: unknown } | null)?.field ?? [];
	if (!Array.isArray(entries))
		throw inputError(node, `${field.property.displayName} is not a list of names and values`, undefined, itemIndex);
	const map: IDataObject = {};
	for (const entry of entries as IDataObject[]) {
		const name = entry?.name;
		if (isEmpty(name)) continue;
		if (typeof name !== 'string' || /[[\]]/.test(name) || [...name].some((char) => char.charCodeAt(0) < 32)) {
			throw inputError(
				node,
				`${field.property.displayName}: the name "${shown(name)}" is not allowed`,
				'A field name is text without square brackets or control characters.',
				itemIndex,
			);
		}
		map[name] = textOf(
			node,
			{ ...field, property: { ...field.property, displayName: `${field.property.displayName} → ${name}` } },
			entry.value ?? '',
			itemIndex,
		);
	}
	return Object.keys(map).length ? map : undefined;
}

function textOf(node: INode, field: Field, value: unknown, itemIndex?: number): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw inputError(
		node,
		`${field.property.displayName} "${shown(value)}" is not text`,
		'Map a single value (text or a number), not a whole item, object or list.',
		itemIndex,
	);
}

/**
 * Mapped from the item: the parameter as saved in the node is an expression. An AI agent's argument
 * ($fromAI) is not: an agent leaves out what it does not want to filter on.
 */
const isMapped = (raw: unknown) => {
	const source = isResourceLocatorValue(raw) ? raw.value : raw;
	return typeof source === 'string' && source.startsWith('=') && !source.includes('$fromAI(');
};

function emptyForItem(node: INode, label: string, itemIndex?: number) {
	return inputError(
		node,
		`${label} is empty for this item`,
		`Its expression gave no value. Map a field every item has, or take ${label} out of the node if it should not be used.`,
		itemIndex,
	);
}

/** Account access of a user: [{ accountId, roleId }] as [{ account_id, role_id }]. */
function accountAccess(node: INode, value: unknown, itemIndex?: number, raw?: unknown): IDataObject[] | undefined {
	const entries = (value as { access?: unknown } | null)?.access ?? [];
	if (!Array.isArray(entries)) throw inputError(node, 'Accounts is not a list of accounts', undefined, itemIndex);
	const rawEntries = (raw as { access?: IDataObject[] } | undefined)?.access;
	return (entries as IDataObject[]).map((entry, index) => {
		const access: IDataObject = { account_id: checkId(node, 'Account ID', entry.accountId, itemIndex) };
		if (!isEmpty(entry.roleId)) access.role_id = checkId(node, 'Role ID', entry.roleId, itemIndex);
		else if (isMapped(rawEntries?.[index]?.roleId)) throw emptyForItem(node, 'Role ID', itemIndex);
		return access;
	});
}

/** The id a value holds (a number, its digits, or a picker's value), or undefined. */
export function idIn(value: unknown): number | undefined {
	return wholeNumber(isResourceLocatorValue(value) ? value.value : value, 1);
}

/** An id: a whole positive number, or the error that names the field and the value. */
export function checkId(node: INode, label: string, value: unknown, itemIndex?: number): number {
	const given = isResourceLocatorValue(value) ? value.value : value;
	if (isEmpty(given)) {
		throw inputError(node, `${label} is empty`, 'Enter the ID, pick it from the list, or map it from an earlier node.', itemIndex);
	}
	const id = wholeNumber(given, 1);
	if (id === undefined) {
		throw inputError(
			node,
			`${label} "${shown(given)}" is not a WhatConverts ID`,
			'IDs are whole numbers such as 12345: digits only, nothing else. Map the ID field of an earlier node (e.g. lead_id), not the whole item.',
			itemIndex,
		);
	}
	return id;
}

/**
 * Checks one value as its field's type. Returns what is sent (number, boolean, text, map, list), or
 * undefined for an optional field left empty, which is not sent: WhatConverts would read "" as a value.
 * `raw` is the parameter as saved in the node (an expression, or the value itself).
 */
export function checkValue(node: INode, field: Field, value: unknown, itemIndex?: number, raw?: unknown): IDataObject[string] | undefined {
	const { property } = field;
	// A picker is labelled "Account"; its messages say "Account ID".
	const label = (field.type === 'id' && ID_PARAMETERS[property.name as IdName]?.label) || property.displayName;
	const given = isResourceLocatorValue(value) ? value.value : value;
	if (isEmpty(given)) {
		// Left empty in the node: not sent. Mapped, and empty for this item: a filter that silently
		// vanished would read every lead of the account, so it is refused.
		if (isMapped(raw)) throw emptyForItem(node, label, itemIndex);
		if (!property.required) return undefined;
		if (field.type === 'id') checkId(node, label, given, itemIndex);
		throw inputError(node, `${label} is empty`, `Enter a value for ${label}.`, itemIndex);
	}
	const refuse = (what: string, description: string) =>
		inputError(node, `${label} "${shown(given)}" is not ${what}`, description, itemIndex);
	switch (field.type) {
		case 'id':
			return checkId(node, label, given, itemIndex);
		case 'count': {
			const min = property.typeOptions?.minValue ?? 1;
			const max = property.typeOptions?.maxValue;
			const count = wholeNumber(given, min);
			if (count === undefined)
				throw refuse(`a whole number of ${min} or more`, `Enter a whole number such as ${String(property.default ?? 50)}.`);
			if (max !== undefined && count > max) throw refuse(`${max} or less`, `${label} goes up to ${max}.`);
			return count;
		}
		case 'amount': {
			const number = amount(given);
			if (number === undefined) throw refuse('a number', 'Enter a plain number such as 125.50.');
			return number;
		}
		case 'date': {
			const text = dateText(given);
			const date = text === undefined ? undefined : parseApiDate(text, field.endOfDay);
			if (!date || text === undefined) {
				throw refuse('a date', 'Use an ISO 8601 date or date-time in UTC, e.g. 2025-01-31 or 2025-01-31T13:45:00Z.');
			}
			// A date alone keeps its meaning (a whole day for an end date); a date-time goes out as UTC.
			return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : formatApiDate(date);
		}
		case 'enum': {
			const options = (property.options ?? []) as INodePropertyOptions[];
			const option = optionFor(options, given, field.aliases);
			if (!option)
				throw inputError(
					node,
					`${label} "${shown(given)}" is not a value WhatConverts accepts`,
					`Use one of: ${allowedValues(options)}.`,
					itemIndex,
				);
			const chosen = String(option.value);
			return field.toWire ? field.toWire(chosen) : chosen;
		}
		case 'boolean':
			if (typeof given === 'boolean') return given;
			if (typeof given === 'string' && /^\s*(true|false)\s*$/i.test(given)) return given.trim().toLowerCase() === 'true';
			throw refuse('true or false', 'Turn the switch on or off, or map a true/false value.');
		case 'text':
			return textOf(node, field, given, itemIndex);
		case 'map':
			return nameValueMap(node, field, given, itemIndex);
		case 'accounts':
			return accountAccess(node, given, itemIndex, raw);
	}
}
