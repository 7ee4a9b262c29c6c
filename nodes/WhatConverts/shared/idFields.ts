import type { INodeProperties } from 'n8n-workflow';

import { accountLocator, profileLocator } from './locators';
import { typed } from './params';
import { ID_PARAMETERS } from './resources';

// The node's top-level id parameters, one property each wherever the editor allows it: n8n evaluates
// every top-level property of a declarative node for every item, so a name declared twice costs twice.

const idText = (name: keyof typeof ID_PARAMETERS, placeholder: string, description: string, show: INodeProperties['displayOptions']) => ({
	displayName: ID_PARAMETERS[name].label,
	name,
	type: 'string' as const,
	required: true,
	default: '',
	placeholder,
	description,
	displayOptions: show,
});

/** Lead ID: a lead to get or update, or the phone-call lead whose recording to download. */
export const leadId = typed(
	'id',
	idText('leadId', 'e.g. 12345678', 'The WhatConverts lead ID (lead_id); for a recording, a recorded phone-call lead', {
		show: { resource: ['lead', 'recording'], operation: ['get', 'update'] },
	}),
);

/** User ID: a user to get, or to edit (WhatConverts takes it in the body of POST /users). */
export const userId = typed(
	'id',
	idText('userId', 'e.g. 5001', 'The user (user_id)', { show: { resource: ['user'], operation: ['get', 'update'] } }),
);

export const idProperties: INodeProperties[] = [
	leadId.property,
	accountLocator({
		required: true,
		description: 'The account (account_id)',
		displayOptions: { show: { resource: ['account'], operation: ['get', 'update', 'delete'] } },
	}),
	// Profiles live under an account: every profile operation names the account first.
	accountLocator({
		required: true,
		description: 'The account the profiles belong to (account_id)',
		displayOptions: { show: { resource: ['profile'] } },
	}),
	profileLocator({
		required: true,
		description: 'The profile (profile_id). The list shows the profiles of the account chosen above.',
		displayOptions: { show: { resource: ['profile'], operation: ['get', 'update', 'delete'] } },
	}),
	userId.property,
	idText('roleId', 'e.g. 4001', 'The role (role_id), with its permissions and lead notifications', {
		show: { resource: ['role'], operation: ['get'] },
	}),
	idText(
		'phoneNumberId',
		'e.g. 3001',
		'The tracking number to stop tracking (phone_number_id from Tracking Number → Get Many, not the phone number itself)',
		{ show: { resource: ['trackingNumber'], operation: ['delete'] } },
	),
	idText('formId', 'e.g. 3501', 'The tracked web form to stop tracking (form_id from Tracking Form → Get Many)', {
		show: { resource: ['trackingForm'], operation: ['delete'] },
	}),
];

/** A warning shown above a delete that cannot be undone. */
export const deleteWarning = (resource: string, text: string): INodeProperties => ({
	displayName: text,
	name: `${resource}DeleteWarning`,
	type: 'notice',
	default: '',
	displayOptions: { show: { resource: [resource], operation: ['delete'] } },
});
