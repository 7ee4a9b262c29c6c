import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentAnswer, runsAsTool } from '../shared/agents';
import { leadFilters, MAX_DAYS_PER_LEAD_QUERY } from '../shared/leadFilters';
import { formatApiDate, parseApiDate } from '../shared/params';
import { readPages } from '../transport/pagination';
import type { Sender } from '../transport/routing';
import { maxResultsOf, normaliseMaps, retrySettingsOf, route } from '../transport/routing';
import { simplifyForAgentsField, simplifyForPeopleField, simplifyIfAsked } from './simplify';

const DAY_MS = 86_400_000;
const WINDOW_MS = MAX_DAYS_PER_LEAD_QUERY * DAY_MS;

/**
 * Consecutive windows of at most 400 days covering start..end, newest first for "desc". Each window
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

/** Return All / Limit over leads; a date range longer than the API's 400 days is read window by window. */
const readLeads: Sender = async function (request) {
	const qs = request.options.qs ?? {};
	const order = String(qs.order ?? 'desc');
	const maxResults = maxResultsOf(this);
	const start = qs.start_date ? parseApiDate(String(qs.start_date)) : undefined;
	const end = qs.end_date ? (parseApiDate(String(qs.end_date), true) as Date) : new Date();
	const windows = start && end.getTime() - start.getTime() > WINDOW_MS - 1000 ? dateWindows(start, end, order) : [undefined];
	const leads: IDataObject[] = [];
	let total = 0;
	let windowsRead = 0;
	for (const window of windows) {
		const windowQs = window ? { ...qs, start_date: window.start, end_date: window.end } : qs;
		const left = maxResults === undefined ? undefined : maxResults - leads.length;
		const read = await readPages(
			this,
			request.resource,
			{ ...request.options, qs: windowQs },
			retrySettingsOf(this),
			{ maxResults: left },
			this.getItemIndex(),
		);
		leads.push(...read.items);
		total += read.total ?? read.items.length;
		windowsRead++;
		if (maxResults !== undefined && leads.length >= maxResults) break;
	}
	const items = simplifyIfAsked(
		this,
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

export const leadGetAllRouting = route({ method: 'GET', resource: 'lead', path: 'list', query: [leadFilters] }, readLeads);

export const leadGetAllDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['lead'], operation: ['getAll'] } }, [
	leadFilters.property,
	simplifyForPeopleField,
	simplifyForAgentsField,
]);
