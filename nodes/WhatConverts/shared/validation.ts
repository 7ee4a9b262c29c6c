import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { isResourceLocatorValue, NodeOperationError } from 'n8n-workflow';

import { HAS_VALUE, LEAD_STATUSES, LEAD_TYPES, ORDER, QUOTABLE, ANSWER_STATUSES, valuesOf } from './enums';

// Every request is checked here before it is sent, so bad input never spends a request of the quota.
const ENUMS: Record<string, string[]> = {
	lead_type: valuesOf(LEAD_TYPES),
	lead_status: valuesOf(LEAD_STATUSES),
	quotable: valuesOf(QUOTABLE),
	order: valuesOf(ORDER),
	answer_status: valuesOf(ANSWER_STATUSES),
	user_type: ['master_account', 'account', 'master_account_user', 'account_user'],
	role_type: ['master_account', 'account'],
};
// In filters, quote_value and sales_value ask whether a value is set; in a lead they are amounts.
const QUERY_ENUMS: Record<string, string[]> = {
	quote_value: valuesOf(HAS_VALUE),
	sales_value: valuesOf(HAS_VALUE),
};
const AMOUNTS = [
	'quote_value',
	'sales_value',
	'call_duration_seconds',
	'transaction_tax',
	'transaction_shipping',
];
// user_id is left out: in leads it is the visitor id, a string.
const IDS = ['account_id', 'profile_id', 'role_id', 'lead_id'];
const DATES = ['start_date', 'end_date', 'date_created'];
// Path segments that are followed by an id, and the field that id comes from.
const ID_SEGMENTS: Record<string, string> = {
	leads: 'Lead ID',
	accounts: 'Account ID',
	profiles: 'Profile ID',
	users: 'User ID',
	roles: 'Role ID',
	numbers: 'Phone Number ID',
	forms: 'Form ID',
};

export const MAX_DAYS_PER_LEAD_QUERY = 400;

/** "start_date" → "Start Date": the field's display name in the node. */
export function displayNameOf(wireName: string): string {
	return wireName
		.split('_')
		.map((word) => (word === 'id' ? 'ID' : word.charAt(0).toUpperCase() + word.slice(1)))
		.join(' ');
}

export function inputError(node: INode, message: string, description?: string, itemIndex?: number) {
	return new NodeOperationError(node, message, { description, itemIndex, level: 'warning' });
}

/**
 * Parses a date as WhatConverts reads it: a date (2025-01-31) or a date-time, UTC unless the text
 * names a zone. Returns the instant, or undefined when the text is not a date.
 */
export function parseApiDate(text: string, endOfDay = false): Date | undefined {
	const trimmed = text.trim();
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
	const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
	let iso = trimmed;
	if (dateOnly) iso = `${trimmed}T${endOfDay ? '23:59:59' : '00:00:00'}Z`;
	else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(trimmed) && !hasZone) iso = `${trimmed.replace(' ', 'T')}Z`;
	else if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The date-time form the API documents: 2025-01-31T00:00:00Z (whole seconds, UTC). */
export function formatApiDate(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function checkValue(node: INode, where: 'query' | 'body', key: string, value: unknown, itemIndex?: number): unknown {
	const field = displayNameOf(key);
	const allowed = (where === 'query' && QUERY_ENUMS[key]) || ENUMS[key];
	if (allowed) {
		if (!allowed.includes(String(value))) {
			throw inputError(
				node,
				`${field} "${String(value)}" is not a value WhatConverts accepts`,
				`Use one of: ${allowed.join(', ')}.`,
				itemIndex,
			);
		}
		return value;
	}
	if (where === 'body' && AMOUNTS.includes(key) && !Number.isFinite(Number(value))) {
		throw inputError(node, `${field} "${String(value)}" is not a number`, 'Enter a plain number such as 125.50.', itemIndex);
	}
	if (IDS.includes(key) && !/^\d+$/.test(String(value).trim())) {
		throw inputError(node, `${field} "${String(value)}" is not a WhatConverts ID`, 'IDs are whole numbers, e.g. 12345.', itemIndex);
	}
	// As a number: the same text in a query or form, and a number in a JSON body (users).
	if (IDS.includes(key)) return Number(String(value).trim());
	if (DATES.includes(key)) {
		const text = String(value);
		const date = parseApiDate(text, key === 'end_date');
		if (!date) {
			throw inputError(
				node,
				`${field} "${text}" is not a date`,
				'Use an ISO 8601 date or date-time in UTC, e.g. 2025-01-31 or 2025-01-31T13:45:00Z.',
				itemIndex,
			);
		}
		// A date alone keeps its meaning (a whole day for end_date); a date-time goes out as UTC.
		return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : formatApiDate(date);
	}
	return value;
}

function checkPathIds(node: INode, url: string, itemIndex?: number) {
	const segments = url.split('?')[0].split('/');
	segments.forEach((segment, index) => {
		const field = ID_SEGMENTS[segment];
		const id = segments[index + 1];
		// An empty id would turn "/accounts/{id}" into "/accounts/", the list, and answer the wrong question.
		if (field && id === '') {
			throw inputError(node, `${field} is empty`, 'Enter the ID, pick it from the list, or map it from an earlier node.', itemIndex);
		}
		if (field && id !== undefined && !/^\d+$/.test(decodeURIComponent(id))) {
			throw inputError(
				node,
				`${field} "${decodeURIComponent(id)}" is not a WhatConverts ID`,
				'IDs are whole numbers, e.g. 12345. Map the ID field of an earlier node, not the whole item.',
				itemIndex,
			);
		}
	});
}

/** Checks and normalises a request's query, body and path ids; throws a NodeOperationError naming the field. */
export function validateRequest(node: INode, options: IHttpRequestOptions, itemIndex?: number): IHttpRequestOptions {
	const checkAll = (where: 'query' | 'body', values: IDataObject | undefined) => {
		if (!values || typeof values !== 'object') return values;
		const checked: IDataObject = {};
		for (const [key, given] of Object.entries(values)) {
			// A picker (resource locator) stands for its id, e.g. in the trigger's copy of the lead filters.
			const value = isResourceLocatorValue(given) ? given.value : given;
			// An optional field left empty is not sent: WhatConverts would read "" as a value.
			if (value === '' || value === undefined || value === null) continue;
			checked[key] = checkValue(node, where, key, value, itemIndex) as IDataObject[string];
		}
		return checked;
	};
	checkPathIds(node, options.url, itemIndex);
	const qs = checkAll('query', options.qs);
	const body = checkAll('body', options.body as IDataObject | undefined);
	const start = qs?.start_date ? parseApiDate(String(qs.start_date)) : undefined;
	const end = qs?.end_date ? parseApiDate(String(qs.end_date), true) : undefined;
	if (start && end && end < start) {
		throw inputError(
			node,
			`End Date "${String(qs?.end_date)}" is before Start Date "${String(qs?.start_date)}"`,
			'Swap the two dates, or clear one of them.',
			itemIndex,
		);
	}
	return { ...options, qs, body };
}
