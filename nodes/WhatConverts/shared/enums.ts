import type { INodePropertyOptions } from 'n8n-workflow';

// WhatConverts takes snake_case values in requests and answers with display labels.
export const LEAD_TYPES: INodePropertyOptions[] = [
	{ name: 'Appointment', value: 'appointment' },
	{ name: 'Chat', value: 'chat' },
	{ name: 'Email', value: 'email' },
	{ name: 'Event', value: 'event' },
	{ name: 'Other', value: 'other' },
	{ name: 'Phone Call', value: 'phone_call' },
	{ name: 'Text Message', value: 'text_message' },
	{ name: 'Transaction', value: 'transaction' },
	{ name: 'Web Form', value: 'web_form' },
];

export const LEAD_STATUSES: INodePropertyOptions[] = [
	{ name: 'Unique', value: 'unique' },
	{ name: 'Repeat', value: 'repeat' },
];

export const QUOTABLE: INodePropertyOptions[] = [
	{ name: 'Yes', value: 'yes' },
	{ name: 'No', value: 'no' },
	{ name: 'Pending', value: 'pending' },
	{ name: 'Not Set', value: 'not_set' },
];

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

export const valuesOf = (options: INodePropertyOptions[]) => options.map((option) => String(option.value));
