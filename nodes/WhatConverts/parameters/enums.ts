import type { INodePropertyOptions } from 'n8n-workflow';

import { labelledOptions } from './optionMatch';

// WhatConverts takes snake_case values in requests and answers with display labels.
export const LEAD_TYPES = labelledOptions(
	'Appointment',
	'Chat',
	'Email',
	'Event',
	'Other',
	'Phone Call',
	'Text Message',
	'Transaction',
	'Web Form',
);

export const LEAD_STATUSES = labelledOptions('Repeat', 'Unique');

export const QUOTABLE = labelledOptions('No', 'Not Set', 'Pending', 'Yes');

export const HAS_VALUE: INodePropertyOptions[] = [
	{ name: 'Has a Value', value: 'has_value' },
	{ name: 'Has No Value', value: 'no_value' },
];

export const ORDER: INodePropertyOptions[] = [
	{ name: 'Newest First', value: 'desc' },
	{ name: 'Oldest First', value: 'asc' },
];

export const ANSWER_STATUSES: INodePropertyOptions[] = [
	{ name: 'Answered', value: 'Answered' },
	{ name: 'Busy', value: 'Busy' },
	{ name: 'No Answer', value: 'No Answer' },
];

export const USER_TYPES: INodePropertyOptions[] = [
	{ name: 'Account User', value: 'account', description: 'A user of one or more client accounts, with a role per account' },
	{ name: 'Agency User', value: 'master_account', description: 'A user of the agency (master account), with an agency role' },
];

/** How WhatConverts writes a user type in users it returns and in creates and edits. */
export const USER_TYPE_ALIASES = { master_account_user: 'master_account', account_user: 'account' };

export const ROLE_TYPES: INodePropertyOptions[] = [
	{ name: 'Account Role', value: 'account', description: 'Roles of users in client accounts' },
	{ name: 'Agency Role', value: 'master_account', description: 'Roles of agency users' },
];

/** How WhatConverts writes a role type in the roles it returns. */
export const ROLE_TYPE_ALIASES = { master_account_role: 'master_account', account_role: 'account' };
