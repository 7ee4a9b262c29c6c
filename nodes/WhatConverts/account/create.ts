import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { FORM_BODY, sendAs } from '../shared/fields';
import { route } from '../transport/routing';
import { sendWrite } from '../transport/writes';

export const accountCreateRouting = route({ method: 'POST', url: '/accounts', headers: FORM_BODY }, sendWrite('account_id'));

export const accountCreateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['create'] } },
	[
		sendAs('body', {
			displayName: 'Account Name',
			name: 'accountName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Acme Plumbing',
			description: 'The name of the new account, usually the client business',
		}),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				sendAs('body', {
					displayName: 'Create Profile',
					name: 'createProfile',
					type: 'boolean',
					default: false,
					description: 'Whether WhatConverts also creates a first profile of the same name in the new account',
				}),
			],
		},
	],
);
