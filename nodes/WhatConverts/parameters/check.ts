import type { IDataObject, INode, INodePropertyOptions } from 'n8n-workflow';
import { isResourceLocatorValue, NodeOperationError } from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import type { IdName } from '../shared/resources';
import { ID_PARAMETERS } from '../shared/resources';
import { dateText, formatApiDate, parseApiDate } from './dates';
import { allowedValues, optionFor } from './optionMatch';
import type { CheckedValue, Field, Parameter, ParamType, Settings } from './types';

/**
 * The one check of parameters: each value is checked as its parameter's type before any request of
 * the item, and a bad one is refused with an error that names the field, the value and what is allowed.
 */

/**
 * What the checks need of an n8n context: the node, and its parameters (of the current item). The
 * declarative item, poll, webhook and picker contexts all are one.
 */
export interface ParameterSource {
	getNode(): INode;
	getNodeParameter(name: string, fallback?: unknown, options?: { extractValue?: boolean }): unknown;
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

/** A name/value list (fixedCollection) as the API's map; names cannot carry brackets into the form keys. */
function checkNameValueList(node: INode, field: Field, value: unknown, itemIndex?: number): IDataObject | undefined {
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
		`Its expression gave no value. Map a field every item has, or take '${label}' out of the node if it should not be used.`,
		itemIndex,
	);
}

/** Account access of a user: [{ accountId, roleId }] as [{ account_id, role_id }]. */
function checkAccountAccess(node: INode, value: unknown, itemIndex?: number, raw?: unknown): IDataObject[] | undefined {
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

/** A list of options (multiOptions): each value one of them. */
function checkEnumList(node: INode, field: Field, label: string, value: unknown, itemIndex?: number): string[] {
	const options = (field.property.options ?? []) as INodePropertyOptions[];
	const values = Array.isArray(value) ? (value as unknown[]) : [value];
	return values.map((given) => {
		const option = optionFor(options, given, field.aliases);
		if (!option) {
			throw inputError(
				node,
				`${label} "${shown(given)}" is not one of the values offered`,
				`Use one of: ${allowedValues(options)}.`,
				itemIndex,
			);
		}
		return String(option.value);
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
export function checkValue<T extends ParamType>(
	node: INode,
	field: Field<T>,
	value: unknown,
	itemIndex?: number,
	raw?: unknown,
): CheckedValue[T] | undefined;
// Each case of the switch returns its type's CheckedValue.
export function checkValue(
	node: INode,
	field: Field,
	value: unknown,
	itemIndex?: number,
	raw?: unknown,
): CheckedValue[ParamType] | undefined {
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
		throw inputError(node, `${label} is empty`, `Enter a value for '${label}'.`, itemIndex);
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
			return field.sendAs ? field.sendAs(chosen) : chosen;
		}
		case 'enumList':
			return checkEnumList(node, field, label, given, itemIndex);
		case 'boolean':
			if (typeof given === 'boolean') return given;
			if (typeof given === 'string' && /^\s*(true|false)\s*$/i.test(given)) return given.trim().toLowerCase() === 'true';
			throw refuse('true or false', 'Turn the switch on or off, or map a true/false value.');
		case 'text':
			return textOf(node, field, given, itemIndex);
		case 'map':
			return checkNameValueList(node, field, given, itemIndex);
		case 'accounts':
			return checkAccountAccess(node, given, itemIndex, raw);
		case 'position': {
			const parts = typeof given === 'string' ? given.trim().split('/') : [];
			const at = parts.length === 2 ? parseApiDate(parts[0]) : undefined;
			const id = parts[1];
			if (!at || !WHOLE_NUMBER.test(id)) {
				throw refuse(
					'a place in a list of leads',
					'Pass back the "next" value of the earlier answer as it was, e.g. 2025-03-10T08:00:00Z/10412.',
				);
			}
			return `${formatApiDate(at)}/${Number(id)}`;
		}
	}
}

/** A top-level parameter as the item gives it; one not set is its editor default, as n8n fills it. */
const itemValue = (ctx: ParameterSource, field: Field) => ctx.getNodeParameter(field.property.name, field.property.default);

/** One top-level parameter, checked: its value, or undefined when it is left empty. */
export function checkParameter<T extends ParamType>(
	ctx: ParameterSource,
	field: Field<T>,
	itemIndex?: number,
): CheckedValue[T] | undefined {
	const node = nodeOf(ctx);
	return checkValue(node, field, itemValue(ctx, field), itemIndex, node.parameters[field.property.name]);
}

/**
 * Reads and checks each parameter of the list (the fields of a collection one by one) and hands each
 * value that is given to `use`. Parameters not set fall back to their editor default, as n8n fills them.
 */
function checkEach(
	ctx: ParameterSource,
	parameters: Parameter[],
	itemIndex: number | undefined,
	use: (field: Field, value: IDataObject[string], given: unknown) => void,
) {
	const node = nodeOf(ctx);
	const check = (field: Field, given: unknown, raw: unknown) => {
		const value = checkValue(node, field, given, itemIndex, raw);
		if (value !== undefined) use(field, value, given);
	};
	for (const parameter of parameters) {
		const { name, displayName } = parameter.property;
		const raw = node.parameters[name];
		if (!('fields' in parameter)) {
			check(parameter, itemValue(ctx, parameter), raw);
			continue;
		}
		const chosen = ctx.getNodeParameter(name, {});
		if (!chosen || typeof chosen !== 'object' || Array.isArray(chosen)) {
			throw inputError(node, `${displayName} is not a set of fields`, 'Add the fields one by one in the node.', itemIndex);
		}
		for (const field of parameter.fields) {
			const key = field.property.name;
			if (key in chosen) check(field, (chosen as IDataObject)[key], (raw as IDataObject | undefined)?.[key]);
		}
	}
}

/** Checked values as a request carries them, by API name. */
export interface CheckedValues {
	sent: IDataObject;
	/** the same values as WhatConverts writes them in its answers: enums as their labels */
	answerForm: IDataObject;
}

/** Checks what a request sends, in its query (booleans as text) or body, and gathers it by API name. */
export function checkFields(ctx: ParameterSource, parameters: Parameter[], inQuery: boolean, itemIndex?: number): CheckedValues {
	const sent: IDataObject = {};
	const answerForm: IDataObject = {};
	checkEach(ctx, parameters, itemIndex, (field, value, given) => {
		sent[field.apiName] = inQuery && typeof value === 'boolean' ? String(value) : value;
		const option =
			field.type === 'enum' && field.answeredAsLabel
				? optionFor(field.property.options as INodePropertyOptions[], given, field.aliases)
				: undefined;
		answerForm[field.apiName] = option ? option.name : value;
	});
	if (inQuery) checkDateOrder(nodeOf(ctx), sent, itemIndex);
	return { sent, answerForm };
}

/**
 * Checks settings that are not sent (Simplify, Read Back, a trigger's event...) and gathers them by
 * parameter name; a collection's fields go by their own names. What is left out or empty is its
 * field's default, as the builder declared it.
 */
export function checkSettings<P extends Parameter>(ctx: ParameterSource, parameters: P[], itemIndex?: number): Settings<P>;
// Each value set below is its field's type (checkValue's, or the builder's default), by its name.
export function checkSettings(ctx: ParameterSource, parameters: Parameter[], itemIndex?: number): Record<string, unknown> {
	const settings: Record<string, unknown> = {};
	checkEach(ctx, parameters, itemIndex, (field, value) => {
		settings[field.property.name] = value;
	});
	for (const field of parameters.flatMap((parameter) => ('fields' in parameter ? parameter.fields : [parameter]))) {
		settings[field.property.name] ??= field.property.default;
	}
	return settings;
}

function checkDateOrder(node: INode, qs: IDataObject, itemIndex?: number) {
	const { start_date: start, end_date: end } = qs;
	if (start && end && (parseApiDate(String(end), true) as Date) < (parseApiDate(String(start)) as Date)) {
		throw inputError(
			node,
			`Created To "${String(end)}" is before Created From "${String(start)}"`,
			'Swap the two dates, or clear one of them.',
			itemIndex,
		);
	}
}
