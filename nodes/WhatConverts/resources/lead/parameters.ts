import { amountField, booleanField, dateField, enumField, idField, nameValueListField, textField } from '../../parameters/builders';
import { ANSWER_STATUSES, LEAD_TYPES, QUOTABLE } from '../../parameters/enums';
import { profileLocator } from '../../parameters/locators';
import type { Field } from '../../parameters/types';
import { group } from '../../parameters/types';

// Parameters several lead operations (and the recording) declare.

/** Lead ID: a lead to get or update, or the phone-call lead whose recording to download. */
export const leadIdField = idField(
	'leadId',
	'e.g. 12345678',
	'The WhatConverts lead ID (lead_id); for a recording, a recorded phone-call lead',
);

// Fields of one lead type show only when that type is chosen above.
const onlyFor = (leadType: string) => ({ displayOptions: { show: { '/leadType': [leadType] } } });

const text = (displayName: string, name: string, description?: string, leadType?: string): Field =>
	textField(displayName, name, { ...(description ? { description } : {}), ...(leadType ? onlyFor(leadType) : {}) });

const amount = (displayName: string, name: string, leadType?: string): Field =>
	amountField(displayName, name, leadType ? onlyFor(leadType) : {});

/** The new lead's type, top level: WhatConverts answers with its label ("Phone Call"). */
export const leadType = enumField('Lead Type', 'leadType', LEAD_TYPES, 'web_form', { required: true }, { answeredAsLabel: true });

/** The profile the new lead is created in, top level. */
export const leadProfile = profileLocator({
	hint: 'Required with a master (agency) API key; a profile key creates the lead in its own profile',
	description: "The profile the lead belongs to (profile_id). The list shows every account's profiles.",
});

/** Every field a new lead may carry, in the `additionalFields` collection. */
export const newLeadFields = group({ displayName: 'Additional Fields', name: 'additionalFields' }, [
	nameValueListField('additionalFields', 'Additional Fields (Map)', 'Free-form fields of the lead, sent as additional_fields[Name]=Value'),
	enumField('Answer Status', 'answerStatus', ANSWER_STATUSES, 'Answered', onlyFor('phone_call')),
	text('Browser', 'browser'),
	amount('Call Duration (Seconds)', 'callDurationSeconds', 'phone_call'),
	text('Call Transcription', 'callTranscription', undefined, 'phone_call'),
	text('Caller Name', 'callerName', undefined, 'phone_call'),
	text('Caller Number', 'callerNumber', 'In E.164 form, e.g. +15555550123', 'phone_call'),
	text('City', 'city'),
	text('Country', 'country'),
	nameValueListField('customFields', 'Custom Fields', "The account's custom fields, sent as custom_fields[Name]=Value"),
	dateField('Date Created', 'dateCreated', 'When the lead happened (UTC); default now'),
	text('Destination Number', 'destinationNumber', undefined, 'phone_call'),
	text('Device Make', 'deviceMake'),
	text('Device Type', 'deviceType', 'E.g. Desktop, Mobile, Tablet.'),
	text('Email Address', 'emailAddress'),
	text('Email Message', 'emailMessage', undefined, 'email'),
	text('Email Subject', 'emailSubject', undefined, 'email'),
	text('Event Action', 'eventAction', undefined, 'event'),
	text('Event Category', 'eventCategory', undefined, 'event'),
	text('Event Label', 'eventLabel', undefined, 'event'),
	text('Facebook Browser ID (Fbpid)', 'fbpid'),
	text('Facebook Click ID (Fbclid)', 'fbclid'),
	text('Form Name', 'formName', undefined, 'web_form'),
	text('Google Click ID (Gclid)', 'gclid'),
	text('IP Address', 'ipAddress'),
	text('Landing URL', 'landingUrl'),
	text('Lead Campaign', 'leadCampaign'),
	text('Lead Content', 'leadContent'),
	text('Lead Keyword', 'leadKeyword'),
	text('Lead Medium', 'leadMedium', 'E.g. cpc, organic.'),
	text('Lead Source', 'leadSource', 'E.g. google.'),
	text('Lead URL', 'leadUrl'),
	text('Line Type', 'lineType', undefined, 'phone_call'),
	text('Message', 'message', 'The text message', 'text_message'),
	text('Microsoft Click ID (Msclkid)', 'msclkid'),
	text('Operating System', 'operatingSystem'),
	text('Phone Name', 'phoneName', "The tracking number's name", 'phone_call'),
	text('Phone Number', 'phoneNumber', 'In E.164 form, e.g. +15555550123'),
	enumField('Quotable', 'quotable', QUOTABLE, 'not_set', {}, { answeredAsLabel: true }),
	amount('Quote Value', 'quoteValue'),
	amount('Sales Value', 'salesValue'),
	booleanField('Send Notification', 'sendNotification', 'Whether WhatConverts sends its usual new-lead notifications'),
	text('Sender Name', 'senderName', undefined, 'email'),
	text('State', 'state'),
	text('Tracking Number', 'trackingNumber', undefined, 'phone_call'),
	text('Transaction ID', 'transactionId', undefined, 'transaction'),
	amount('Transaction Shipping', 'transactionShipping', 'transaction'),
	amount('Transaction Tax', 'transactionTax', 'transaction'),
	text('Visitor Cookie (Wc_client_current)', 'wcClientCurrent', 'When sent, WhatConverts takes the attribution fields from this visitor'),
	// In leads, user_id is the visitor id: text, not a WhatConverts ID.
	text('Visitor ID', 'userId', 'The WhatConverts visitor ID (user_id)'),
	text('Voicemail Transcription', 'voicemailTranscription', undefined, 'phone_call'),
	text('Zip', 'zip'),
]);

/** Options of a create, shared with Find or Create. */
export const newLeadOptions = group({ displayName: 'Options', name: 'options', placeholder: 'Add Option' }, [
	booleanField(
		'Read Back the Lead',
		'readBack',
		'Whether to read the new lead from WhatConverts when it answers a create with only the new ID (one more request), so that every field is as WhatConverts stored it. Off: the output is the ID and the fields sent, listed in fields_from_request.',
	),
]);

export const LEAD_TYPES_FOR_AGENTS =
	'lead_type (phone_call, web_form, chat, email, text_message, event, transaction, appointment, other; the labels WhatConverts answers with, such as "Phone Call", work too)';
