import type { IDataObject } from 'n8n-workflow';

import type { Resource } from '../shared/resources';

/** The filters that narrow a list to one account or profile; a profile key's answer may ignore them. */
const SCOPE_FILTERS = ['account_id', 'profile_id'];

/**
 * The first item of a list answer that contradicts an account or profile filter of its request: what
 * a profile key gets when WhatConverts answers with its own profile's items instead of refusing the
 * filter. Undefined when the answer keeps to the filters (or is no list).
 */
export function scopeContradiction(
	qs: IDataObject | undefined,
	body: unknown,
	resource: Resource | undefined,
): { field: string; asked: unknown; answered: unknown } | undefined {
	if (!qs || !resource?.listKey || !body || typeof body !== 'object') return undefined;
	const items = (body as IDataObject)[resource.listKey];
	if (!Array.isArray(items)) return undefined;
	for (const field of SCOPE_FILTERS) {
		const asked = qs[field];
		if (asked === undefined || asked === null || asked === '') continue;
		const other = (items as IDataObject[]).find((item) => item?.[field] != null && String(item[field]) !== String(asked));
		if (other) return { field, asked, answered: other[field] };
	}
	return undefined;
}
