import type { IDataObject } from 'n8n-workflow';

import { outputChoice, selectableFields } from '../../output/shape';

/**
 * Who a lead is. WhatConverts fills contact_name, contact_email_address and contact_phone_number
 * only for leads tied to a contact record; for most it leaves them empty and puts the person in the
 * caller's name and number, email_address and phone_number, or the form's own fields (mapped in
 * field_mappings, or named "Name", "Email", "Phone"...). The first one filled counts.
 */
const text = (value: unknown): string | undefined => {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};

// Caller ID without a name: the carrier's words, not the person's.
const NO_CALLER_NAME = /^(wireless caller|unknown( caller| name)?|unavailable|anonymous|private( caller| number)?|restricted|blocked)$/i;

/** The form field mapped to one of these lead fields, or one whose name matches. */
function fromForm(lead: IDataObject, mappedTo: string[], named: RegExp, looksRight: (value: string) => boolean = () => true) {
	const form = lead.additional_fields;
	if (!form || typeof form !== 'object' || Array.isArray(form)) return undefined;
	const fields = form as IDataObject;
	const mappings = lead.field_mappings && typeof lead.field_mappings === 'object' ? (lead.field_mappings as IDataObject) : {};
	const mapped = Object.keys(mappings).filter((name) => mappedTo.includes(String(mappings[name])));
	for (const name of [...mapped, ...Object.keys(fields).filter((key) => named.test(key))]) {
		const value = text(fields[name]);
		if (value && looksRight(value)) return value;
	}
	return undefined;
}

const firstFilled = (...values: Array<string | undefined>) => values.find((value) => value !== undefined) ?? null;

export const CONTACT = {
	contact_name: (lead: IDataObject) =>
		firstFilled(
			text(lead.contact_name),
			[text(lead.caller_name)].find((name) => name && !NO_CALLER_NAME.test(name)),
			text(lead.sender_name),
			fromForm(lead, ['contact_name'], /^(full[ _-]?)?name$|^your[ _-]?name$|^contact[ _-]?name$/i),
			[fromForm(lead, [], /^first[ _-]?name$/i), fromForm(lead, [], /^last[ _-]?name$/i)].filter(Boolean).join(' ') || undefined,
		),
	contact_email_address: (lead: IDataObject) =>
		firstFilled(
			text(lead.contact_email_address),
			text(lead.email_address),
			fromForm(lead, ['email_address', 'contact_email_address'], /e-?mail/i, (value) => value.includes('@')),
		),
	contact_phone_number: (lead: IDataObject) =>
		firstFilled(
			text(lead.contact_phone_number),
			text(lead.phone_number),
			text(lead.caller_number),
			fromForm(lead, ['phone_number', 'contact_phone_number'], /phone|mobile|^tel/i, (value) => /\d{3}/.test(value)),
		),
};

/** What Simplify keeps of a lead, the most used first: at most ten fields. */
export const SIMPLE_LEAD_FIELDS = [
	'lead_id',
	'lead_type',
	'lead_status',
	'date_created',
	'contact_name',
	'contact_email_address',
	'contact_phone_number',
	'lead_source',
	'lead_medium',
	'quote_value',
];

/** The fields of a lead, as WhatConverts answers with them (per lead type, some are absent). */
const LEAD_FIELDS = [
	'account',
	'account_id',
	'additional_fields',
	'answer_status',
	'browser',
	'call_duration',
	'call_duration_seconds',
	'call_status',
	'call_transcription',
	'caller_city',
	'caller_country',
	'caller_name',
	'caller_number',
	'caller_state',
	'city',
	'contact_company_name',
	'contact_email_address',
	'contact_name',
	'contact_phone_number',
	'country',
	'custom_fields',
	'customer_journey',
	'date_created',
	'destination_number',
	'device_make',
	'device_type',
	'duplicate',
	'email_address',
	'email_message',
	'email_subject',
	'event_action',
	'event_category',
	'event_label',
	'facebook_browser_id',
	'facebook_click_id',
	'field_mappings',
	'form_name',
	'gclid',
	'google_analytics_client_id',
	'ip_address',
	'landing_url',
	'last_updated',
	'lead_analysis',
	'lead_campaign',
	'lead_content',
	'lead_id',
	'lead_keyword',
	'lead_medium',
	'lead_score',
	'lead_source',
	'lead_state',
	'lead_status',
	'lead_type',
	'lead_url',
	'line_type',
	'message',
	'msclkid',
	'notes',
	'operating_system',
	'phone_name',
	'phone_number',
	'play_recording',
	'profile',
	'profile_id',
	'quotable',
	'quote_value',
	'recording',
	'sales_value',
	'sender_name',
	'spam',
	'spotted_keywords',
	'state',
	'tracking_number',
	'transaction_id',
	'transaction_shipping',
	'transaction_tax',
	'user_id',
	'voicemail_transcription',
	'zip',
];

const CONTACT_DESCRIPTION = 'Read where WhatConverts fills it: the contact, the caller, or the form';

const leadOutput = (toolDefault: 'simplified' | 'raw') =>
	outputChoice({
		noun: 'lead',
		idField: 'lead_id',
		simplified: SIMPLE_LEAD_FIELDS,
		simplifiedText: 'ID, type, status, date created, contact name, email and phone, source, medium and quote value',
		derived: CONTACT,
		selectable: selectableFields(LEAD_FIELDS).map((option) =>
			String(option.value) in CONTACT ? { ...option, description: CONTACT_DESCRIPTION } : option,
		),
		toolDefault,
	});

/** Get Many: for an AI agent, simplified unless the builder asks otherwise (a full lead is ten times larger). */
export const LEAD_LIST_OUTPUT = leadOutput('simplified');

/** Get one lead: for an AI agent, the whole lead unless the builder asks otherwise. */
export const LEAD_OUTPUT = leadOutput('raw');
