import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { route } from '../transport/routing';
import { sendDelete } from '../transport/writes';
import { profileAccountField, profileIdField } from './account';

export const profileDeleteRouting = route(
	{ method: 'DELETE', url: '=/accounts/{{$parameter.accountId}}/profiles/{{$parameter.profileId}}' },
	sendDelete,
);

export const profileDeleteDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['profile'], operation: ['delete'] } },
	[
		profileAccountField('The account the profile belongs to'),
		profileIdField(
			'The profile to delete',
			'WhatConverts deletes the profile together with all its tracking numbers and leads. This cannot be undone.',
		),
	],
);
