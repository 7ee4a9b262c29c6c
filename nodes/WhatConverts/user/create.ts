import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sendAs } from '../shared/fields';
import { route } from '../transport/routing';
import { sendWrite } from '../transport/writes';
import { userBodyFields, userTypeField } from './fields';

// Users are the one resource WhatConverts documents with JSON bodies: no form header here.
export const userCreateRouting = route({ method: 'POST', url: '/users' }, sendWrite('user_id'));

export const userCreateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['create'] } },
	[
		sendAs('body', {
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description: 'The new user\'s email address; WhatConverts sends them an activation email',
		}),
		userTypeField('An agency user works in the agency with an agency role; an account user reaches only the accounts listed below', true),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: userBodyFields('additionalFields'),
		},
	],
);
