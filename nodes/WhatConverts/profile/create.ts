import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { FORM_BODY, sendAs } from '../shared/fields';
import { route } from '../transport/routing';
import { sendWrite, withPathIds } from '../transport/writes';
import { profileAccountField } from './account';

export const profileCreateRouting = route(
	{ method: 'POST', url: '=/accounts/{{$parameter.accountId}}/profiles', headers: FORM_BODY },
	withPathIds(sendWrite('profile_id')),
);

export const profileCreateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['profile'], operation: ['create'] } },
	[
		profileAccountField('The account to create the profile in'),
		sendAs('body', {
			displayName: 'Profile Name',
			name: 'profileName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Main Website',
			description: 'The name of the new profile, usually a website or location of the client',
		}),
	],
);
