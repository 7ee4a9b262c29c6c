import { HAS_VALUE, LEAD_STATUSES, LEAD_TYPES, ORDER, QUOTABLE } from './enums';
import { booleanField, dateField, enumField, textField } from './fields';
import { filtersCollection } from './listFilters';
import { accountLocator, profileLocator } from './locators';
import { typed } from './params';

/** The longest span from start_date to end_date that GET /leads takes. */
export const MAX_DAYS_PER_LEAD_QUERY = 400;

/** The filters of GET /leads, shared by lead Get Many and the polling trigger. */
export const leadFilters = filtersCollection([
	typed(
		'id',
		accountLocator({ description: 'Only leads of this account (account_id). Master key only; a profile key reads its own profile.' }),
	),
	booleanField('Customer Journey', 'customerJourney', "Whether to add each lead's customer journey (Elite plans)"),
	booleanField('Duplicates Only', 'duplicate', 'Whether to return only leads marked as duplicates'),
	textField('Email Address', 'emailAddress', { placeholder: 'name@email.com' }),
	dateField('End Date', 'endDate', 'Leads created up to this date (UTC). A date alone includes that whole day.'),
	textField('Lead Campaign', 'leadCampaign'),
	textField('Lead Content', 'leadContent'),
	textField('Lead Keyword', 'leadKeyword'),
	textField('Lead Medium', 'leadMedium', { description: 'The marketing medium, such as cpc or organic' }),
	textField('Lead Source', 'leadSource', { description: 'The marketing source, such as google' }),
	enumField('Lead Status', 'leadStatus', LEAD_STATUSES, 'unique'),
	enumField('Lead Type', 'leadType', LEAD_TYPES, 'phone_call'),
	enumField('Order', 'order', ORDER, 'desc', { description: 'By date created' }),
	textField('Phone Number', 'phoneNumber', { placeholder: '+15555550123', description: 'In E.164 form' }),
	typed(
		'id',
		profileLocator({
			description:
				'Only leads of this profile (profile_id). The list shows the profiles of the account filter, if set. Master key only; a profile key reads its own profile.',
		}),
	),
	enumField('Quotable', 'quotable', QUOTABLE, 'yes'),
	enumField('Quote Value', 'quoteValue', HAS_VALUE, 'has_value'),
	enumField('Sales Value', 'salesValue', HAS_VALUE, 'has_value'),
	booleanField('Spam Only', 'spam', 'Whether to return only leads marked as spam'),
	dateField('Start Date', 'startDate', 'Leads created from this date (UTC). Ranges over 400 days are read in 400-day windows.'),
	// In leads, user_id is the visitor id: text, not a WhatConverts ID.
	textField('Visitor ID', 'userId', { description: 'The WhatConverts visitor ID (user_id) of the lead' }),
]);
