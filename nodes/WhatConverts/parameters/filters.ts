import type { INodeProperties } from 'n8n-workflow';

import { booleanField, countField, dateField, enumField, textField } from './builders';
import { HAS_VALUE, LEAD_STATUSES, LEAD_TYPES, ORDER, QUOTABLE } from './enums';
import { accountLocator, profileLocator } from './locators';
import type { Field, FieldGroup } from './types';
import { group } from './types';

/** The `filters` collection of a Get Many operation. */
export function filtersCollection(fields: Field[]): FieldGroup {
	return group({ displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' }, fields);
}

/** The creation-date range and order that the account, profile and user lists take. */
export function createdDateFilters(what: string): Field[] {
	return [
		// Named so that the editor, which lists a collection's fields alphabetically, shows From above To.
		dateField('Created From', 'startDate', `Only ${what} created from this date on (UTC)`),
		dateField('Created To', 'endDate', `Only ${what} created up to this date (UTC). A date alone includes that whole day.`),
		enumField('Order', 'order', ORDER, 'desc', { description: 'By date created' }),
	];
}

/** The longest span from start_date to end_date that GET /leads takes. */
export const MAX_DAYS_PER_LEAD_QUERY = 400;

/** How many days back a lead read looks: at most what one GET /leads spans. */
export const lookBackDaysField = (description: string, overrides: Partial<INodeProperties> = {}): Field<'count', 'lookBackDays'> =>
	countField(
		'Look-Back Window (Days)',
		'lookBackDays',
		30,
		{ minValue: 1, maxValue: MAX_DAYS_PER_LEAD_QUERY },
		{ required: true, description, ...overrides },
	);

/** The filters of GET /leads, shared by lead Get Many and the polling trigger. */
export const leadFilters = filtersCollection([
	accountLocator({ description: 'Only leads of this account (account_id). Master key only; a profile key reads its own profile.' }),
	// Named so that the editor, which lists a collection's fields alphabetically, shows From above To.
	dateField(
		'Created From',
		'startDate',
		`Leads created from this date (UTC). Ranges over ${MAX_DAYS_PER_LEAD_QUERY} days are read in ${MAX_DAYS_PER_LEAD_QUERY}-day windows.`,
	),
	dateField('Created To', 'endDate', 'Leads created up to this date (UTC). A date alone includes that whole day.'),
	booleanField('Customer Journey', 'customerJourney', "Whether to add each lead's customer journey (Elite plans)"),
	booleanField('Duplicates Only', 'duplicate', 'Whether to return only leads marked as duplicates'),
	textField('Email Address', 'emailAddress', { placeholder: 'e.g. nathan@example.com' }),
	textField('Lead Campaign', 'leadCampaign'),
	textField('Lead Content', 'leadContent'),
	textField('Lead Keyword', 'leadKeyword'),
	textField('Lead Medium', 'leadMedium', { description: 'The marketing medium, such as cpc or organic' }),
	textField('Lead Source', 'leadSource', { description: 'The marketing source, such as google' }),
	enumField('Lead Status', 'leadStatus', LEAD_STATUSES, 'unique'),
	enumField('Lead Type', 'leadType', LEAD_TYPES, 'phone_call'),
	enumField('Order', 'order', ORDER, 'desc', { description: 'By date created' }),
	textField('Phone Number', 'phoneNumber', { placeholder: 'e.g. +15555550123', description: 'In E.164 form' }),
	profileLocator({
		description:
			'Only leads of this profile (profile_id). The list shows the profiles of the account filter, if set. Master key only; a profile key reads its own profile.',
	}),
	enumField('Quotable', 'quotable', QUOTABLE, 'yes'),
	enumField('Quote Value', 'quoteValue', HAS_VALUE, 'has_value'),
	enumField('Sales Value', 'salesValue', HAS_VALUE, 'has_value'),
	booleanField('Spam Only', 'spam', 'Whether to return only leads marked as spam'),
	// In leads, user_id is the visitor id: text, not a WhatConverts ID.
	textField('Visitor ID', 'userId', { description: 'The WhatConverts visitor ID (user_id) of the lead' }),
]);
