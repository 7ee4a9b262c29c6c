import type { IDataObject } from 'n8n-workflow';

import { agentAnswer, AGENT_LIMITS, runsAsTool } from '../../output/agentAnswer';
import { normaliseMaps } from '../../output/normalise';
import { shapedAsAsked } from '../../output/shape';
import { DAY_MS, formatApiDate, parseApiDate } from '../../parameters/dates';
import { leadFilters, MAX_DAYS_PER_LEAD_QUERY } from '../../parameters/filters';
import { returnAllAndLimit } from '../../parameters/paging';
import type { Sender } from '../../routing/build';
import { route } from '../../routing/route';
import { largestPage, RESOURCES } from '../../shared/resources';
import { formatCount } from '../../shared/text';
import { readPages } from '../../transport';
import type { Operation } from '../operations';
import { DAILY_QUOTAS } from '../toolText';
import { LEAD_TYPES_FOR_AGENTS } from './parameters';
import { LEAD_LIST_OUTPUT } from './simplify';

const WINDOW_MS = MAX_DAYS_PER_LEAD_QUERY * DAY_MS;

/**
 * Consecutive windows of at most MAX_DAYS_PER_LEAD_QUERY days covering start..end, newest first for "desc". Each window
 * ends one second before the next begins: the API compares whole seconds, inclusive at both ends.
 */
export function dateWindows(start: Date, end: Date, order: string): Array<{ start: string; end: string }> {
	const windows: Array<{ start: string; end: string }> = [];
	for (let from = start.getTime(); from <= end.getTime(); from += WINDOW_MS) {
		const to = Math.min(from + WINDOW_MS - 1000, end.getTime());
		windows.push({ start: formatApiDate(new Date(from)), end: formatApiDate(new Date(to)) });
	}
	return order === 'asc' ? windows : windows.reverse();
}

/** Where an agent continues after the last lead it got: leads come newest first unless order is asc. */
const continueAfter = (order: string) => (last: IDataObject) =>
	order === 'asc'
		? `call again with start_date ${String(last.date_created)} (leads of that second come again)`
		: `call again with end_date ${String(last.date_created)} (leads of that second come again), or narrow the filters`;

/** Return All / Limit over leads; a date range longer than the API allows is read window by window. */
const sendLeadList: Sender = async function (request) {
	const qs = request.options.qs ?? {};
	const order = String(qs.order ?? 'desc');
	const { maxResults } = request;
	const start = qs.start_date ? parseApiDate(String(qs.start_date)) : undefined;
	const end = qs.end_date ? (parseApiDate(String(qs.end_date), true) as Date) : new Date();
	const windows = start && end.getTime() - start.getTime() > WINDOW_MS - 1000 ? dateWindows(start, end, order) : [undefined];
	const leads: IDataObject[] = [];
	let total = 0;
	let windowsRead = 0;
	for (const window of windows) {
		const windowQs = window ? { ...qs, start_date: window.start, end_date: window.end } : qs;
		const left = maxResults === undefined ? undefined : maxResults - leads.length;
		const options = { ...request.options, qs: windowQs };
		const read = await readPages(this, request.resource, options, request.retry, { maxResults: left }, request.itemIndex);
		leads.push(...read.items);
		total += read.total ?? read.items.length;
		windowsRead++;
		if (maxResults !== undefined && leads.length >= maxResults) break;
	}
	const items = shapedAsAsked(
		request,
		leads.map((json) => ({ json: normaliseMaps(json) })),
	);
	if (!runsAsTool(this)) return items;
	const count = { count: total, atLeast: windowsRead < windows.length };
	return agentAnswer(
		items.map((item) => item.json),
		count,
		'leads',
		'leads',
		continueAfter(order),
	);
};

export const leadGetAll: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many leads',
	description: 'List leads, newest first, filtered by date, type, status, source and more; every page is read',
	forAgents:
		'Lists WhatConverts leads (calls, web forms, chats, emails, texts and other conversions), newest first unless order is asc. Each lead comes compact (unless the tool is set otherwise): lead_id, lead_type, lead_status, date_created, the contact name, email and phone (wherever WhatConverts holds them), lead_source, lead_medium and quote_value. ' +
		`Filters: start_date and end_date (ISO 8601 in UTC, e.g. 2025-01-31 or 2025-01-31T13:00:00Z; an end_date without a time includes that day), ${LEAD_TYPES_FOR_AGENTS}, lead_status (unique, repeat), quotable (yes, no, pending, not_set), quote_value and sales_value (has_value, no_value), lead_source, lead_medium, lead_campaign, email_address, phone_number (E.164), spam and duplicate (true: only those). ` +
		`One call returns at most ${AGENT_LIMITS.items} leads; when more match, the answer says how many and how to reach them. Costs one API request per ${formatCount(largestPage(RESOURCES.lead))} leads read, out of ${DAILY_QUOTAS}.`,
	properties: [...returnAllAndLimit, leadFilters.property, ...LEAD_LIST_OUTPUT.properties],
	routing: route(
		{ method: 'GET', resource: 'lead', path: 'list', query: [leadFilters], output: LEAD_LIST_OUTPUT, paged: true },
		sendLeadList,
	),
};
