import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { HAS_VALUE, LEAD_STATUSES, LEAD_TYPES, ORDER, QUOTABLE } from '../shared/enums';
import { returnAllAndLimit, sendAs } from '../shared/fields';
import { accountLocator, profileLocator } from '../shared/locators';
import { formatApiDate, MAX_DAYS_PER_LEAD_QUERY, parseApiDate } from '../shared/validation';
import { collectPages } from '../transport/pagination';
import { checkedRequest, normaliseMaps, retrySettingsOf, route } from '../transport/routing';
import { simplifyField, simplifyIfAsked } from './simplify';

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

/** Return All / Limit over leads; a date range longer than the API's 400 days is read window by window. */
export const leadGetAllRouting = route({ method: 'GET', url: '/leads', qs: { leads_per_page: 2500 } }, async function (requestData) {
	const options = checkedRequest(this, requestData);
	const qs = options.qs ?? {};
	const settings = retrySettingsOf(this);
	const itemIndex = this.getItemIndex();
	let maxResults = requestData.maxResults as number | undefined;
	const start = qs.start_date ? parseApiDate(String(qs.start_date)) : undefined;
	const end = qs.end_date ? parseApiDate(String(qs.end_date), true) : new Date();
	const windows =
		start && end && end.getTime() - start.getTime() > WINDOW_MS - 1000
			? dateWindows(start, end, String(qs.order ?? 'desc'))
			: [undefined];
	const leads: IDataObject[] = [];
	for (const window of windows) {
		const windowQs = window ? { ...qs, start_date: window.start, end_date: window.end } : qs;
		leads.push(...(await collectPages(this, { ...options, qs: windowQs }, settings, maxResults, itemIndex)));
		if (maxResults !== undefined) {
			maxResults = (requestData.maxResults as number) - leads.length;
			if (maxResults <= 0) break;
		}
	}
	const items = leads.map((json) => ({ json: normaliseMaps(json) }));
	return simplifyIfAsked(this.getNodeParameter('simplify', false) as boolean, items);
});

export const filters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		sendAs('query', accountLocator({ description: 'Only leads of this account (account_id). Master key only; a profile key reads its own profile.' })),
		sendAs('query', { displayName: 'Customer Journey', name: 'customerJourney', type: 'boolean', default: false, description: 'Whether to add each lead\'s customer journey (Elite plans)' }),
		sendAs('query', { displayName: 'Duplicates Only', name: 'duplicate', type: 'boolean', default: false, description: 'Whether to return only leads marked as duplicates' }),
		sendAs('query', { displayName: 'Email Address', name: 'emailAddress', type: 'string', placeholder: 'name@email.com', default: '' }),
		sendAs('query', {
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			description: 'Leads created up to this date (UTC). A date alone includes that whole day.',
		}),
		sendAs('query', { displayName: 'Lead Campaign', name: 'leadCampaign', type: 'string', default: '' }),
		sendAs('query', { displayName: 'Lead Content', name: 'leadContent', type: 'string', default: '' }),
		sendAs('query', { displayName: 'Lead Keyword', name: 'leadKeyword', type: 'string', default: '' }),
		sendAs('query', { displayName: 'Lead Medium', name: 'leadMedium', type: 'string', default: '', description: 'The marketing medium, such as cpc or organic' }),
		sendAs('query', { displayName: 'Lead Source', name: 'leadSource', type: 'string', default: '', description: 'The marketing source, such as google' }),
		sendAs('query', { displayName: 'Lead Status', name: 'leadStatus', type: 'options', options: LEAD_STATUSES, default: 'unique' }),
		sendAs('query', { displayName: 'Lead Type', name: 'leadType', type: 'options', options: LEAD_TYPES, default: 'phone_call' }),
		sendAs('query', { displayName: 'Order', name: 'order', type: 'options', options: ORDER, default: 'desc', description: 'By date created' }),
		sendAs('query', { displayName: 'Phone Number', name: 'phoneNumber', type: 'string', default: '', placeholder: '+15555550123', description: 'In E.164 form' }),
		sendAs(
			'query',
			profileLocator({
				description: 'Only leads of this profile (profile_id). The list shows the profiles of the account filter, if set. Master key only; a profile key reads its own profile.',
			}),
		),
		sendAs('query', { displayName: 'Quotable', name: 'quotable', type: 'options', options: QUOTABLE, default: 'yes' }),
		sendAs('query', { displayName: 'Quote Value', name: 'quoteValue', type: 'options', options: HAS_VALUE, default: 'has_value' }),
		sendAs('query', { displayName: 'Sales Value', name: 'salesValue', type: 'options', options: HAS_VALUE, default: 'has_value' }),
		sendAs('query', { displayName: 'Spam Only', name: 'spam', type: 'boolean', default: false, description: 'Whether to return only leads marked as spam' }),
		sendAs('query', {
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description: 'Leads created from this date (UTC). Ranges over 400 days are read in 400-day windows.',
		}),
		sendAs('query', { displayName: 'Visitor ID', name: 'userId', type: 'string', default: '', description: 'The WhatConverts visitor ID (user_id) of the lead' }),
	],
};

export const leadGetAllDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['getAll'] } },
	[...returnAllAndLimit(), filters, simplifyField],
);
