import type { IDataObject } from 'n8n-workflow';

import { whatConvertsRequest } from './request';
import type { RoutedHandler } from './routing';
import { checkedRequest, normaliseMaps, retrySettingsOf, singleObject } from './routing';

// The id field that follows each path segment: /accounts/1001/profiles/2001 → account_id, profile_id.
const PATH_IDS: Record<string, string> = {
	accounts: 'account_id',
	profiles: 'profile_id',
	users: 'user_id',
	roles: 'role_id',
	numbers: 'phone_number_id',
	forms: 'form_id',
	leads: 'lead_id',
};

/** The ids named in a request path, as numbers: `/accounts/1001/profiles/2001` → `{ account_id: 1001, profile_id: 2001 }`. */
export function idsInPath(url: string): IDataObject {
	const segments = url.split('?')[0].split('/');
	const ids: IDataObject = {};
	segments.forEach((segment, index) => {
		const key = PATH_IDS[segment];
		const id = segments[index + 1];
		if (key && id && /^\d+$/.test(id)) ids[key] = Number(id);
	});
	return ids;
}

/**
 * A create or edit. WhatConverts may answer with the whole object or only its id (open point): an
 * id-only answer is completed with what is known without another request, the ids in the path and
 * the fields that were sent.
 */
export function sendWrite(idKey: string): RoutedHandler {
	return async function (requestData) {
		const options = checkedRequest(this, requestData);
		const answer = await whatConvertsRequest(this, options, retrySettingsOf(this), this.getItemIndex());
		const object = singleObject(answer.body);
		const idOnly = Object.keys(object).every((key) => key === idKey);
		const json = idOnly ? { ...idsInPath(options.url), ...object, ...(options.body as IDataObject) } : object;
		return [{ json: normaliseMaps(json) }];
	};
}

/** A delete: one item that says what was deleted, e.g. `{ deleted: true, account_id: 1001 }`. */
export const sendDelete: RoutedHandler = async function (requestData) {
	const options = checkedRequest(this, requestData);
	await whatConvertsRequest(this, options, retrySettingsOf(this), this.getItemIndex());
	return [{ json: { deleted: true, ...idsInPath(options.url) } }];
};

/** Adds the path's ids to every item that lacks them: a profile read under an account gets its account_id. */
export function withPathIds(handler: RoutedHandler): RoutedHandler {
	return async function (requestData) {
		const ids = idsInPath(String(requestData.options.url ?? ''));
		const items = await handler.call(this, requestData);
		return items.map((item) => ({ ...item, json: { ...ids, ...item.json } }));
	};
}
