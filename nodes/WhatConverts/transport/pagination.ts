import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { unexpectedAnswerError } from './errors';
import type { RequestContext, RetrySettings } from './request';
import { whatConvertsRequest } from './request';

export interface ListPage {
	items: IDataObject[];
	totalPages: number;
}

/**
 * Reads a list envelope: `{ page_number, leads_per_page, total_pages, total_leads, leads: [...] }`.
 * The array is the key `x` that has a `total_x` beside it. Undefined when the body is no envelope.
 */
export function readListPage(body: unknown): ListPage | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const envelope = body as IDataObject;
	if (!('total_pages' in envelope) && !('page_number' in envelope)) return undefined;
	const arrayKey =
		Object.keys(envelope).find((key) => Array.isArray(envelope[key]) && `total_${key}` in envelope) ??
		Object.keys(envelope).find((key) => Array.isArray(envelope[key]));
	if (!arrayKey) return undefined;
	return {
		items: envelope[arrayKey] as IDataObject[],
		totalPages: Number(envelope.total_pages ?? 1),
	};
}

/**
 * Walks a list's pages with page_number, stopping at total_pages (no probe request past the end) or
 * as soon as `maxResults` items are in. The page size comes from the request's `*_per_page` query
 * parameter, which the operation sets to the API's maximum; a smaller limit asks for fewer.
 */
export async function collectPages(
	ctx: RequestContext,
	options: IHttpRequestOptions,
	settings: RetrySettings,
	maxResults?: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const qs = { ...(options.qs ?? {}) };
	const pageSizeKey = Object.keys(qs).find((key) => key.endsWith('_per_page'));
	if (pageSizeKey && maxResults) qs[pageSizeKey] = Math.min(Number(qs[pageSizeKey]), maxResults);
	const items: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const answer = await whatConvertsRequest(
			ctx,
			{ ...options, qs: { ...qs, page_number: page } },
			settings,
			itemIndex,
		);
		const listPage = readListPage(answer.body);
		if (!listPage) {
			const summary = { method: String(options.method ?? 'GET'), url: options.url, itemIndex };
			throw unexpectedAnswerError(ctx.getNode(), summary, 'a list (no total_pages)');
		}
		items.push(...listPage.items);
		if (maxResults && items.length >= maxResults) return items.slice(0, maxResults);
		if (page >= listPage.totalPages || listPage.items.length === 0) return items;
	}
}
