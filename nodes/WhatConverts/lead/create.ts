import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ANSWER_STATUSES, LEAD_TYPES, QUOTABLE } from '../shared/enums';
import { FORM_BODY, nameValueMap, sendAs } from '../shared/fields';
import { profileLocator } from '../shared/locators';
import { route } from '../transport/routing';

export const leadCreateRouting = route({ method: 'POST', url: '/leads', headers: FORM_BODY });

const text = (displayName: string, name: string, description?: string, onlyFor?: string): INodeProperties =>
	sendAs('body', {
		displayName,
		name,
		type: 'string',
		default: '',
		description,
		// Fields of one lead type show only when that type is chosen above.
		...(onlyFor ? { displayOptions: { show: { '/leadType': [onlyFor] } } } : {}),
	});

const amount = (displayName: string, name: string, onlyFor?: string): INodeProperties => ({
	...text(displayName, name, undefined, onlyFor),
	type: 'number',
	default: 0,
});

const additionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		nameValueMap('additionalFields', 'Additional Fields (Map)', 'Free-form fields of the lead, sent as additional_fields[Name]=Value'),
		sendAs('body', { displayName: 'Answer Status', name: 'answerStatus', type: 'options', options: ANSWER_STATUSES, default: 'Answered', displayOptions: { show: { '/leadType': ['phone_call'] } } }),
		text('Browser', 'browser'),
		amount('Call Duration (Seconds)', 'callDurationSeconds', 'phone_call'),
		text('Call Transcription', 'callTranscription', undefined, 'phone_call'),
		text('Caller Name', 'callerName', undefined, 'phone_call'),
		text('Caller Number', 'callerNumber', 'In E.164 form, e.g. +15555550123', 'phone_call'),
		text('City', 'city'),
		text('Country', 'country'),
		nameValueMap('customFields', 'Custom Fields', 'The account\'s custom fields, sent as custom_fields[Name]=Value'),
		sendAs('body', { displayName: 'Date Created', name: 'dateCreated', type: 'dateTime', default: '', description: 'When the lead happened (UTC); default now' }),
		text('Destination Number', 'destinationNumber', undefined, 'phone_call'),
		text('Device Make', 'deviceMake'),
		text('Device Type', 'deviceType', 'E.g. Desktop, Mobile, Tablet'),
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
		text('Lead Medium', 'leadMedium', 'E.g. cpc, organic'),
		text('Lead Source', 'leadSource', 'E.g. google'),
		text('Lead URL', 'leadUrl'),
		text('Line Type', 'lineType', undefined, 'phone_call'),
		text('Message', 'message', 'The text message', 'text_message'),
		text('Microsoft Click ID (Msclkid)', 'msclkid'),
		text('Operating System', 'operatingSystem'),
		text('Phone Name', 'phoneName', 'The tracking number\'s name', 'phone_call'),
		text('Phone Number', 'phoneNumber', 'In E.164 form, e.g. +15555550123'),
		sendAs('body', { displayName: 'Quotable', name: 'quotable', type: 'options', options: QUOTABLE, default: 'not_set' }),
		amount('Quote Value', 'quoteValue'),
		amount('Sales Value', 'salesValue'),
		sendAs('body', { displayName: 'Send Notification', name: 'sendNotification', type: 'boolean', default: false, description: 'Whether WhatConverts sends its usual new-lead notifications' }),
		text('Sender Name', 'senderName', undefined, 'email'),
		text('State', 'state'),
		text('Tracking Number', 'trackingNumber', undefined, 'phone_call'),
		text('Transaction ID', 'transactionId', undefined, 'transaction'),
		amount('Transaction Shipping', 'transactionShipping', 'transaction'),
		amount('Transaction Tax', 'transactionTax', 'transaction'),
		text('Visitor Cookie (Wc_client_current)', 'wcClientCurrent', 'When sent, WhatConverts takes the attribution fields from this visitor'),
		text('Visitor ID', 'userId', 'The WhatConverts visitor ID (user_id)'),
		text('Voicemail Transcription', 'voicemailTranscription', undefined, 'phone_call'),
		text('Zip', 'zip'),
	],
};

export const leadCreateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['create'] } },
	[
		sendAs('body', {
			displayName: 'Lead Type',
			name: 'leadType',
			type: 'options',
			options: LEAD_TYPES,
			required: true,
			default: 'web_form',
		}),
		sendAs(
			'body',
			profileLocator({
				hint: 'Required with a master (agency) API key; a profile key creates the lead in its own profile',
				description: 'The profile the lead belongs to (profile_id). The list shows every account\'s profiles.',
			}),
		),
		additionalFields,
	],
);
