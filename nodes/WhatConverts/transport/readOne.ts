import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { IdName, Resource } from '../shared/resources';
import { fillPath } from '../shared/resources';
import type { RequestContext } from './connection';
import { readListPage } from './pagination';
import type { RetrySettings } from './request';
import { jsonGet, sendRequest } from './request';

/** A single object, bare or wrapped in a list envelope with one item (WhatConverts does both). */
export function singleObject(body: unknown, resource: Resource): IDataObject {
	const listPage = readListPage(body, resource);
	const object = listPage ? listPage.items[0] : body;
	return object && typeof object === 'object' && !Array.isArray(object) ? (object as IDataObject) : {};
}

/**
 * One object of a resource read by its ids, e.g. `readOne(ctx, RESOURCES.lead, { leadId: 7 }, settings)`.
 * `beside`: the options of the item's own request, when this read goes beside it (a read-back).
 */
export async function readOne(
	ctx: RequestContext,
	resource: Resource,
	ids: Partial<Record<IdName, number>>,
	settings: RetrySettings,
	itemIndex?: number,
	beside?: IHttpRequestOptions,
): Promise<IDataObject> {
	// only resources with an item path are read one by one
	const options = jsonGet(fillPath(resource.item as string, ids), {}, beside);
	const answer = await sendRequest(ctx, options, settings, itemIndex, resource);
	return singleObject(answer.body, resource);
}
