import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { checkFields } from '../parameters/check';
import { filtersCollection, leadFilters } from '../parameters/filters';
import { RESOURCES } from '../shared/resources';
import type { LeadRange, RetrySettings } from '../transport';
import { jsonGet, readLeadPages } from '../transport';

/**
 * The polling trigger's lead reads, on the transport's lead page loop (by creation date): the newest
 * page, and a window read oldest first that stops at half the poll budget. Both events read here.
 */

// The trigger sets the date range and the order itself.
const OWN_PARAMETERS = ['order', 'startDate', 'endDate'];

/** The lead Get Many filters, without those the trigger sets. */
export const triggerFilters = filtersCollection(leadFilters.fields.filter((field) => !OWN_PARAMETERS.includes(field.property.name)));

/** The user's filters as the API's query parameters, checked as the node checks them. */
export function filterQuery(ctx: IPollFunctions): IDataObject {
	return checkFields(ctx, [triggerFilters], true).sent;
}

/** What every read of one poll shares. */
export interface LeadRead {
	filters: IDataObject;
	retry: RetrySettings;
	/** The read's last second: the poll's now. */
	nowSeconds: number;
	/** Stop reading after this long and go on at the next poll: half of the time n8n gives a poll. */
	stopAfterMs: number;
}

const pagesOf = (ctx: IPollFunctions, read: Pick<LeadRead, 'filters' | 'retry'>, range: LeadRange) =>
	readLeadPages(ctx, jsonGet(RESOURCES.lead.list, read.filters), range, read.retry);

/** The newest leads, newest first, and whether they are all the leads there are: one request. */
export async function newestLeads(
	ctx: IPollFunctions,
	read: Pick<LeadRead, 'filters' | 'retry'>,
	pageSize?: number,
): Promise<{ leads: IDataObject[]; all: boolean }> {
	const pages = pagesOf(ctx, read, { order: 'desc', ...(pageSize ? { pageSize, limit: pageSize } : {}) });
	const { value } = await pages.next();
	await pages.return(undefined);
	return { leads: value?.leads ?? [], all: value?.last ?? true };
}

/** How a window read went. */
export interface WindowRead {
	/** The leads the window held when the read began (its first answer's total). */
	total: number;
	/** Requests sent, retries aside. */
	requests: number;
	/** The read ran out of time: everything before this second was read; the next poll goes on from it. */
	stoppedAt?: number;
}

/**
 * Reads the leads created from `start` to the poll's now, oldest first, handing each page to `take`.
 * Past half the poll budget it stops where a later read can go on without missing a lead (never in
 * the middle of one second's leads), so a poll ends in its time whatever the backlog.
 */
export async function readWindow(
	ctx: IPollFunctions,
	read: LeadRead,
	start: number,
	take: (leads: IDataObject[]) => void,
): Promise<WindowRead> {
	const began = performance.now();
	const result: WindowRead = { total: 0, requests: 0 };
	for await (const page of pagesOf(ctx, read, { order: 'asc', start, end: read.nowSeconds })) {
		if (page.requests === 1) result.total = page.total ?? 0;
		result.requests = page.requests;
		take(page.leads);
		if (!page.last && !page.sweeping && page.position !== undefined && performance.now() - began > read.stopAfterMs) {
			result.stoppedAt = page.position;
			break;
		}
	}
	return result;
}
