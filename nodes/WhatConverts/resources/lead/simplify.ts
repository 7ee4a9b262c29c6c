import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { booleanField } from '../../parameters/builders';
import type { CheckedRequest } from '../../routing/build';

// The fields flows and AI agents route on; the full lead has over a hundred.
export const SIMPLE_LEAD_FIELDS = [
	'lead_id',
	'lead_type',
	'lead_status',
	'date_created',
	'last_updated',
	'contact_name',
	'contact_email_address',
	'contact_phone_number',
	'lead_source',
	'lead_medium',
	'lead_campaign',
	'quote_value',
	'sales_value',
	'account_id',
	'account',
	'profile_id',
	'profile',
];

/** A lead cut down to SIMPLE_LEAD_FIELDS; fields the lead lacks come out as null, so every item has the same shape. */
export function simplifyLead(lead: IDataObject): IDataObject {
	return Object.fromEntries(SIMPLE_LEAD_FIELDS.map((field) => [field, lead[field] ?? null]));
}

/** The output step of lead get and getAll: simplified when the Simplify setting is on. */
export function simplifyIfAsked(request: CheckedRequest, items: INodeExecutionData[]): INodeExecutionData[] {
	return request.settings.simplify ? items.map((item) => ({ ...item, json: simplifyLead(item.json) })) : items;
}

/** The Simplify setting, as lead get and getAll check it. */
export const SIMPLIFY = booleanField(
	'Simplify',
	'simplify',
	'Whether to return a simplified version of the response instead of the raw data',
	{
		hint: 'Keeps only ID, type, status, dates, contact, source/medium/campaign, quote and sales value, and account and profile',
	},
);

/** Get Many, run by an AI agent: simplified unless the builder turns it off (a full lead is ten times larger). */
export const simplifyForAgentsProperty = { ...SIMPLIFY.property, default: true, displayOptions: { show: { '@tool': [true] } } };

/** Get Many as the editor shows it to people. */
export const simplifyForPeopleProperty = { ...SIMPLIFY.property, displayOptions: { hide: { '@tool': [true] } } };
