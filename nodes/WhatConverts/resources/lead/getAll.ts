import type { IDataObject, IExecutePaginationFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { agentAnswer, AGENT_LIMITS, runsAsTool } from '../../output/agentAnswer';
import { normaliseMaps } from '../../output/normalise';
import { shapedAsAsked } from '../../output/shape';
import { apiDateOf, DAY_SECONDS, secondOf, secondsOfDate } from '../../parameters/dates';
import { leadFilters, MAX_DAYS_PER_LEAD_QUERY } from '../../parameters/filters';
import { returnAllAndLimit } from '../../parameters/paging';
import { typed } from '../../parameters/types';
import type { CheckedRequest, Sender } from '../../routing/build';
import { route } from '../../routing/route';
import { largestPage, RESOURCES } from '../../shared/resources';
import { formatCount } from '../../shared/text';
import type { LeadRange } from '../../transport';
import { readLeadPages } from '../../transport';
import type { Operation } from '../operations';
import { DAILY_QUOTAS } from '../toolText';
import { LEAD_TYPES_FOR_AGENTS } from './parameters';
import { LEAD_LIST_OUTPUT } from './simplify';

const WINDOW_SECONDS = MAX_DAYS_PER_LEAD_QUERY * DAY_SECONDS;

/** A window of creation dates in epoch seconds, both ends included; an end left open is none. */
interface Window {
	start?: number;
	end?: number;
}

/**
 * The windows that cover start..end, newest first for "desc": one, unless the range is longer than
 * one GET /leads may span; then consecutive windows of at most MAX_DAYS_PER_LEAD_QUERY days, each
 * ending one second before the next begins (the API compares whole seconds, both ends included).
 * An end left open is now for those windows, and for an oldest-first read: leads that arrive while
 * it runs are left for the next read.
 */
export function dateWindows(start: number | undefined, end: number | undefined, order: string, now: number): Window[] {
	if (start === undefined || (end ?? now) - start <= WINDOW_SECONDS - 1)
		return [{ start, end: end ?? (order === 'asc' ? now : undefined) }];
	const windows: Window[] = [];
	for (let from = start; from <= (end ?? now); from += WINDOW_SECONDS)
		windows.push({ start: from, end: Math.min(from + WINDOW_SECONDS - 1, end ?? now) });
	return order === 'asc' ? windows : windows.reverse();
}

/** Where an AI agent's answer stopped, to go on after it: the last lead's date and id, e.g. 2025-03-10T08:00:00Z/10412. */
export const CONTINUE_AFTER = typed('position', {
	displayName: 'Continue After',
	name: 'continueAfter',
	type: 'string',
	default: '',
	placeholder: 'e.g. 2025-03-10T08:00:00Z/10412',
	description:
		'The "next" value of an earlier answer given to an AI agent: only the leads after the last one it returned. Leads of one second come in order of lead ID.',
});

const positionOf = (lead: IDataObject) => `${apiDateOf(secondOf(lead))}/${String(lead.lead_id)}`;

/** A lead read in the read's order, ties by lead id: the order an AI agent's answers follow. */
const inReadOrder = (order: string) => (a: IDataObject, b: IDataObject) =>
	(order === 'asc' ? 1 : -1) * (secondOf(a) - secondOf(b) || Number(a.lead_id) - Number(b.lead_id));

/** What a lead Get Many reads: its checked window in epoch seconds, its order, the place it goes on after, its other filters. */
interface LeadRead {
	order: 'asc' | 'desc';
	windows: Window[];
	after?: LeadRange['after'];
	options: IHttpRequestOptions;
}

/** The read a checked lead Get Many asks for: the reader sets the dates, order and paging itself. */
function readOf(request: CheckedRequest<typeof CONTINUE_AFTER>): LeadRead {
	const { sent, unsent } = request;
	const order = sent.order === 'asc' ? 'asc' : 'desc';
	const start = secondsOfDate(sent.start_date);
	const end = secondsOfDate(sent.end_date, true);
	const qs = { ...request.options.qs };
	for (const name of ['start_date', 'end_date', 'order']) delete qs[name];
	const windows = dateWindows(start, end, order, Math.floor(Date.now() / 1000));
	// Continue After (checked: date/id): the reader clamps it to each window.
	const [date, id] = unsent.continueAfter.split('/');
	const second = secondsOfDate(date);
	const after = second === undefined ? undefined : { second, id: Number(id) };
	return { order, windows, after, options: { ...request.options, qs } };
}

/** Return All / Limit over leads, read by creation date so that no lead is lost or repeated while the list changes. */
const sendLeadList: Sender<typeof CONTINUE_AFTER> = async function (request) {
	const read = readOf(request);
	if (runsAsTool(this)) return await agentLeadList.call(this, request, read);
	// Items made as each page arrives: no list of every lead before the items.
	const items: INodeExecutionData[] = [];
	for (const window of read.windows) {
		const limit = request.maxResults === undefined ? undefined : request.maxResults - items.length;
		const range = { order: read.order, ...window, after: read.after, limit } as const;
		for await (const page of readLeadPages(this, read.options, range, request.retry, request.itemIndex)) {
			for (const item of shapedAsAsked(
				request,
				page.leads.map((json) => ({ json: normaliseMaps(json) })),
			))
				items.push(item);
		}
		if (request.maxResults !== undefined && items.length >= request.maxResults) break;
	}
	return items;
};

/**
 * Get Many run by an AI agent: one answer of at most AGENT_LIMITS leads, in date order with ties by
 * lead id, and `next`, the place to go on from. Leads are read until enough of them lie in seconds
 * read whole (so that ties can be put in id order): one request of limit + 1 leads, as a rule.
 */
async function agentLeadList(this: IExecutePaginationFunctions, request: CheckedRequest, read: LeadRead): Promise<INodeExecutionData[]> {
	const wanted = request.maxResults ?? AGENT_LIMITS.items;
	const follows = (a: number, b: number) => (read.order === 'asc' ? a > b : a < b);
	const leads: IDataObject[] = [];
	let total = 0;
	let windowsRead = 0;
	let whole = 0;
	for (const window of read.windows) {
		const range = { order: read.order, ...window, after: read.after, pageSize: wanted + 1 };
		windowsRead++;
		let windowTotal = 0;
		let stopped = false;
		for await (const page of readLeadPages(this, read.options, range, request.retry, request.itemIndex)) {
			windowTotal = page.total ?? 0;
			leads.push(...page.leads);
			if (page.last) break;
			// Leads of the seconds before the position are all in; the position's own may not be yet.
			const { position } = page;
			whole = leads.filter((lead) => position !== undefined && follows(position, secondOf(lead))).length;
			stopped = whole >= wanted;
			if (stopped) break;
		}
		total += windowTotal;
		if (!stopped) whole = leads.length;
		if (whole >= wanted) break;
	}
	const answered = leads
		.sort(inReadOrder(read.order))
		.slice(0, Math.min(wanted, whole))
		.map((json) => ({ json: normaliseMaps(json) }));
	const items = shapedAsAsked(request, answered).map((item) => item.json);
	// The place is read from the lead as read: the tool's Output may leave out its date or id, and the
	// answer may be cut short to fit (the first lead, cut to size, is a copy).
	const placeAfter = (last: IDataObject) => positionOf(answered[Math.max(items.indexOf(last), 0)].json);
	const [answer] = agentAnswer(
		items,
		{ count: Math.max(total, leads.length), atLeast: windowsRead < read.windows.length },
		'leads',
		'leads',
		(last) => `call again with the same arguments and next "${placeAfter(last)}", or narrow the filters`,
	);
	const { leads: returned, ...head } = answer.json as IDataObject & { leads: IDataObject[] };
	if (head.note && returned.length) answer.json = { ...head, next: placeAfter(returned[returned.length - 1]), leads: returned };
	return [answer];
}

export const leadGetAll: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many leads',
	description: 'List leads, newest first, filtered by date, type, status, source and more; every page is read',
	forAgents:
		'Lists WhatConverts leads (calls, web forms, chats, emails, texts and other conversions), newest first unless order is asc. Each lead comes compact (unless the tool is set otherwise): lead_id, lead_type, lead_status, date_created, the contact name, email and phone (wherever WhatConverts holds them), lead_source, lead_medium and quote_value. ' +
		`Filters: start_date and end_date (ISO 8601 in UTC, e.g. 2025-01-31 or 2025-01-31T13:00:00Z; an end_date without a time includes that day), ${LEAD_TYPES_FOR_AGENTS}, lead_status (unique, repeat), quotable (yes, no, pending, not_set), quote_value and sales_value (has_value, no_value), lead_source, lead_medium, lead_campaign, email_address, phone_number (E.164), spam and duplicate (true: only those). ` +
		`One call returns at most ${AGENT_LIMITS.items} leads, in date order (ties by lead_id); when more match, the answer says how many and gives next: call again with the same arguments and next to get the leads after those. Costs one API request per ${formatCount(largestPage(RESOURCES.lead))} leads read, out of ${DAILY_QUOTAS}.`,
	properties: [...returnAllAndLimit, leadFilters.property, CONTINUE_AFTER.property, ...LEAD_LIST_OUTPUT.properties],
	routing: route(
		{
			method: 'GET',
			resource: 'lead',
			path: 'list',
			query: [leadFilters],
			unsent: [CONTINUE_AFTER],
			output: LEAD_LIST_OUTPUT,
			paged: true,
		},
		sendLeadList,
	),
};
