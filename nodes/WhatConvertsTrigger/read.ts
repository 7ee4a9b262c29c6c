import type { IDataObject, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';

import { filters as leadFilters } from '../WhatConverts/lead/getAll';
import { toWireName } from '../WhatConverts/shared/fields';
import { locatorValue } from '../WhatConverts/shared/locators';
import { validateRequest } from '../WhatConverts/shared/validation';
import { apiBaseUrl } from '../WhatConverts/transport/baseUrl';
import { unexpectedAnswerError } from '../WhatConverts/transport/errors';
import { readListPage } from '../WhatConverts/transport/pagination';
import type { RetrySettings } from '../WhatConverts/transport/request';
import { retrySettingsFrom, whatConvertsRequest } from '../WhatConverts/transport/request';

export const PAGE_SIZE = 2500;

// The trigger sets the date range and the order itself.
const OWN_PARAMETERS = ['order', 'startDate', 'endDate'];

/** The lead getAll filters, without those the trigger sets and without their declarative routing. */
export const triggerFilters = {
	...leadFilters,
	options: (leadFilters.options ?? [])
		.filter((option) => !OWN_PARAMETERS.includes(option.name))
		.map((option) => {
			const plain: typeof option & { routing?: unknown } = { ...option };
			delete plain.routing;
			return plain;
		}),
} as typeof leadFilters;

/** The user's filters as the API's query parameters, checked as the node checks them. */
export function filterQuery(ctx: IPollFunctions): IDataObject {
	const chosen = ctx.getNodeParameter('filters', {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [name, value] of Object.entries(chosen)) {
		if (OWN_PARAMETERS.includes(name)) continue;
		// Account and profile are pickers: their value is the id.
		const plain = locatorValue(value) as IDataObject[string];
		qs[toWireName(name)] = typeof plain === 'boolean' ? String(plain) : plain;
	}
	return validateRequest(ctx.getNode(), { url: '/leads', qs }).qs ?? {};
}

export function retrySettingsOf(ctx: IPollFunctions): RetrySettings {
	return retrySettingsFrom(ctx.getNodeParameter('rateLimitHandling', {}) as IDataObject);
}

export interface LeadRead {
	leads: IDataObject[];
	/** false when the read stopped before the last page to stay within the poll budget */
	complete: boolean;
}

/**
 * Reads GET /leads page by page through the transport. `stopAfterMs`: stop after a page once this
 * much time has passed (the rest is left to the next poll). `maxPages`: read at most that many.
 */
export async function readLeads(
	ctx: IPollFunctions,
	qs: IDataObject,
	limits: { stopAfterMs?: number; maxPages?: number; pageSize?: number } = {},
): Promise<LeadRead> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		baseURL: await apiBaseUrl(ctx),
		url: '/leads',
		headers: { Accept: 'application/json' },
	};
	const settings = retrySettingsOf(ctx);
	const started = performance.now();
	const leads: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const pageQs = { ...qs, leads_per_page: limits.pageSize ?? PAGE_SIZE, page_number: page };
		const answer = await whatConvertsRequest(ctx, { ...options, qs: pageQs }, settings);
		const listPage = readListPage(answer.body);
		if (!listPage) {
			throw unexpectedAnswerError(ctx.getNode(), { method: 'GET', url: '/leads' }, 'a list of leads (no total_pages)');
		}
		leads.push(...listPage.items);
		if (page >= listPage.totalPages || listPage.items.length === 0) return { leads, complete: true };
		if (page === limits.maxPages) return { leads, complete: false };
		if (limits.stopAfterMs !== undefined && performance.now() - started > limits.stopAfterMs) {
			return { leads, complete: false };
		}
	}
}
