import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import type { Resource } from '../shared/resources';
import type { RequestContext } from './connection';
import { unexpectedAnswerError } from './errors';
import type { RetrySettings } from './request';
import { sendRequest } from './request';

export interface ListPage {
	items: IDataObject[];
	totalPages: number;
	/** total_leads, total_accounts...: how many match, over all pages */
	total?: number;
}

/**
 * Reads a list envelope: `{ page_number, leads_per_page, total_pages, total_leads, leads: [...] }`,
 * the array under the resource's list key. Undefined when the body is no such envelope.
 */
export function readListPage(body: unknown, resource: Resource): ListPage | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body) || !resource.listKey) return undefined;
	const envelope = body as IDataObject;
	const items = envelope[resource.listKey];
	if (!Array.isArray(items) || !('total_pages' in envelope || 'page_number' in envelope)) return undefined;
	const totalPages = Number(envelope.total_pages ?? 1);
	const total = Number(envelope[`total_${resource.listKey}`]);
	return {
		items: items as IDataObject[],
		totalPages: Number.isFinite(totalPages) ? totalPages : 1,
		total: Number.isFinite(total) ? total : undefined,
	};
}

export interface PageLimits {
	/** stop as soon as this many items are in, and ask for no more than that */
	maxResults?: number;
	/** pages smaller than the API's largest */
	pageSize?: number;
	/** read at most this many pages */
	maxPages?: number;
	/** stop after a page once this much time has passed: the rest is left for later */
	stopAfterMs?: number;
}

export interface PagesRead {
	items: IDataObject[];
	/** false when a limit stopped the read before the last page */
	complete: boolean;
	/** how many match over all pages, as the first page said */
	total?: number;
	/** pages read: the requests the read cost, retries aside */
	pages: number;
	/** the total fell between two pages: an item may have moved onto a page already read */
	shrunk: boolean;
}

/**
 * The one page loop of the package: walks a list with page_number at the largest page size the
 * resource allows (or fewer when fewer are wanted) and stops at total_pages, with no probe request
 * past the end. Node operations, pickers and the polling trigger all read lists through it.
 */
export async function readPages(
	ctx: RequestContext,
	resource: Resource,
	options: IHttpRequestOptions,
	settings: RetrySettings,
	limits: PageLimits = {},
	itemIndex?: number,
): Promise<PagesRead> {
	const { parameter, max } = resource.pageSize ?? { parameter: 'per_page', max: 250 };
	const pageSize = Math.min(limits.pageSize ?? max, limits.maxResults ?? max);
	const started = performance.now();
	const items: IDataObject[] = [];
	let total: number | undefined;
	let latest: number | undefined;
	let shrunk = false;
	for (let page = 1; ; page++) {
		const qs = { ...options.qs, [parameter]: pageSize, page_number: page };
		const answer = await sendRequest(ctx, { ...options, qs }, settings, itemIndex, resource);
		const listPage = readListPage(answer.body, resource);
		if (!listPage) {
			const summary = { method: String(options.method ?? 'GET'), url: options.url, itemIndex };
			throw unexpectedAnswerError(nodeOf(ctx), summary, `a list of ${resource.plural} (no total_pages)`);
		}
		items.push(...listPage.items);
		total ??= listPage.total;
		if (latest !== undefined && listPage.total !== undefined && listPage.total < latest) shrunk = true;
		latest = listPage.total ?? latest;
		const read = { total, pages: page, shrunk };
		const last = page >= listPage.totalPages || listPage.items.length === 0;
		if (limits.maxResults !== undefined && items.length >= limits.maxResults) {
			return { ...read, items: items.slice(0, limits.maxResults), complete: last && items.length === limits.maxResults };
		}
		if (last) return { ...read, items, complete: true };
		if (page === limits.maxPages) return { ...read, items, complete: false };
		if (limits.stopAfterMs !== undefined && performance.now() - started > limits.stopAfterMs) return { ...read, items, complete: false };
	}
}
