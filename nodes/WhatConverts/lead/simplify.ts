import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

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

/** The output step of lead get and getAll: simplified when the Simplify parameter is on. */
export function simplifyIfAsked(simplify: boolean, items: INodeExecutionData[]): INodeExecutionData[] {
	return simplify ? items.map((item) => ({ ...item, json: simplifyLead(item.json) })) : items;
}

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint: 'Keeps only ID, type, status, dates, contact, source/medium/campaign, quote and sales value, and account and profile',
};
