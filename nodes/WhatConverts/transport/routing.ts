import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { validateRequest } from '../shared/validation';
import { collectPages, readListPage } from './pagination';
import type { RetrySettings } from './request';
import { retrySettingsFrom, whatConvertsRequest } from './request';

export type RoutedHandler = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

// WhatConverts sends [] for an empty map; downstream nodes expect {} so that $json.map.Name works.
const MAP_FIELDS = ['additional_fields', 'custom_fields', 'lead_analysis', 'field_mappings', 'permissions'];

export function normaliseMaps(object: IDataObject): IDataObject {
	for (const key of MAP_FIELDS) {
		const value = object[key];
		if (Array.isArray(value) && value.length === 0) object[key] = {};
	}
	return object;
}

/** The user's "Rate Limit Handling" settings, or the defaults. */
export function retrySettingsOf(ctx: IExecuteSingleFunctions): RetrySettings {
	return retrySettingsFrom(ctx.getNodeParameter('rateLimitHandling', {}) as IDataObject);
}

/** The request the descriptions built for this item, checked before anything is sent. */
export function checkedRequest(ctx: IExecuteSingleFunctions, requestData: DeclarativeRestApiSettings.ResultOptions) {
	const options = { ...requestData.options, url: requestData.options.url ?? '' } as IHttpRequestOptions;
	return validateRequest(ctx.getNode(), options, ctx.getItemIndex());
}

/** A single object, bare or wrapped in a list envelope with one item (WhatConverts does both). */
export function singleObject(body: unknown): IDataObject {
	const listPage = readListPage(body);
	const object = listPage ? listPage.items[0] : body;
	return object && typeof object === 'object' && !Array.isArray(object) ? (object as IDataObject) : {};
}

/** One request, one item. */
export const sendOne: RoutedHandler = async function (requestData) {
	const options = checkedRequest(this, requestData);
	const answer = await whatConvertsRequest(this, options, retrySettingsOf(this), this.getItemIndex());
	return [{ json: normaliseMaps(singleObject(answer.body)) }];
};

/** Every page of a list (or up to the limit), one item per entry. */
export const sendList: RoutedHandler = async function (requestData) {
	const options = checkedRequest(this, requestData);
	const items = await collectPages(this, options, retrySettingsOf(this), requestData.maxResults as number | undefined, this.getItemIndex());
	return items.map((json) => ({ json: normaliseMaps(json) }));
};

/**
 * An operation's routing: the request it sends, and the transport handler that sends it. n8n calls a
 * routing's pagination function only when `paginate` is set, so every operation sets it; that is how
 * all requests, single or paged, pass through the one transport.
 */
export function route(request: Partial<IHttpRequestOptions>, handler: RoutedHandler = sendOne): INodePropertyRouting {
	return {
		request: request as IHttpRequestOptions,
		send: { paginate: true },
		operations: { pagination: handler },
	};
}
