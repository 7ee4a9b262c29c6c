import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { FORM_BODY, sendAs } from '../shared/fields';
import { route } from '../transport/routing';
import { sendWrite, withPathIds } from '../transport/writes';
import { profileAccountField, profileIdField } from './account';

// WhatConverts renames a profile with a POST to its URL.
export const profileUpdateRouting = route(
	{ method: 'POST', url: '=/accounts/{{$parameter.accountId}}/profiles/{{$parameter.profileId}}', headers: FORM_BODY },
	withPathIds(sendWrite('profile_id')),
);

export const profileUpdateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['profile'], operation: ['update'] } },
	[
		profileAccountField('The account the profile belongs to'),
		profileIdField('The profile to rename'),
		sendAs('body', {
			displayName: 'Profile Name',
			name: 'profileName',
			type: 'string',
			required: true,
			default: '',
			description: 'The new name of the profile',
		}),
	],
);
