import type { INodeProperties } from 'n8n-workflow';

import { AGENT_LIMITS } from '../shared/agents';
import { operationList } from '../shared/operations';
import { leadCreateDescription, leadCreateRouting } from './create';
import { leadFindOrCreateDescription, leadFindOrCreateRouting } from './findOrCreate';
import { leadGetDescription, leadGetRouting } from './get';
import { leadGetAllDescription, leadGetAllRouting } from './getAll';
import { leadUpdateDescription, leadUpdateRouting } from './update';

const LEAD_TYPES_FOR_AGENTS =
	'lead_type (phone_call, web_form, chat, email, text_message, event, transaction, appointment, other; the labels WhatConverts answers with, such as "Phone Call", work too)';

export const leadOperations = operationList(
	'lead',
	[
		{
			name: 'Create',
			value: 'create',
			action: 'Create a lead',
			description: 'Record a lead (a call, form, chat, sale, ...) in a profile; outputs the new lead',
			forAgents:
				`Records a new lead (an offline conversion: a call, a form, a sale) in WhatConverts and returns it with its new lead_id. Needs ${LEAD_TYPES_FOR_AGENTS}; the profile is needed with a master key. ` +
				'Optional: email_address, phone_number (E.164, e.g. +15555550123), date_created (ISO 8601 in UTC, default now), quotable (yes, no, pending, not_set), quote_value and sales_value (plain numbers), lead_source, lead_medium, lead_campaign and more. ' +
				'Every call creates another lead: do not call it twice for the same conversion. One API request.',
			routing: leadCreateRouting,
		},
		{
			name: 'Find or Create',
			value: 'findOrCreate',
			action: 'Find or create a lead',
			description: 'Return the lead with this email, phone number or visitor ID, or create it when there is none: safe to run again',
			forAgents:
				'Returns the newest lead whose email_address, phone_number or visitor ID (user_id) matches, created within the look-back window (default 30 days), with created: false and how many match; when none matches, creates the lead and returns it with created: true. ' +
				`Use it instead of Create when the same conversion may be sent again. Needs ${LEAD_TYPES_FOR_AGENTS} for a new lead. One API request to look up, one more to create.`,
			routing: leadFindOrCreateRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a lead',
			description: 'Get one lead by its ID, with its attribution, contact and values',
			forAgents:
				'Gets one WhatConverts lead by lead_id (a whole number, as in a lead list): its type, status, dates, contact, attribution (source, medium, campaign, keyword, landing URL), quote and sales value and, for calls, duration, recording URL and transcription. One API request.',
			routing: leadGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many leads',
			description: 'List leads, newest first, filtered by date, type, status, source and more; every page is read',
			forAgents:
				'Lists WhatConverts leads (calls, web forms, chats, emails, texts and other conversions), newest first unless order is asc. Each lead comes compact: lead_id, lead_type, lead_status, date_created, contact name, email and phone, lead_source, lead_medium, lead_campaign, quote_value, sales_value, account and profile. ' +
				`Filters: start_date and end_date (ISO 8601 in UTC, e.g. 2025-01-31 or 2025-01-31T13:00:00Z; an end_date without a time includes that day), ${LEAD_TYPES_FOR_AGENTS}, lead_status (unique, repeat), quotable (yes, no, pending, not_set), quote_value and sales_value (has_value, no_value), lead_source, lead_medium, lead_campaign, email_address, phone_number (E.164), spam and duplicate (true: only those). ` +
				`One call returns at most ${AGENT_LIMITS.items} leads; when more match, the answer says how many and how to reach them. Costs one API request per 2,500 leads read, out of a daily quota of 1,000 (profile key) or 10,000 (master key).`,
			routing: leadGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a lead',
			description: "Change a lead's quote or sales value, quotable state, URL or fields; outputs the lead",
			forAgents:
				'Changes a WhatConverts lead by lead_id: quotable (yes, no, pending, not_set), quote_value and sales_value (plain numbers), lead_url, additional and custom fields. Fields not given stay as they are. Returns the lead. One API request.',
			routing: leadUpdateRouting,
		},
	],
	'getAll',
);

export const leadFields: INodeProperties[] = [
	...leadGetAllDescription,
	...leadGetDescription,
	...leadFindOrCreateDescription,
	...leadCreateDescription,
	...leadUpdateDescription,
];
