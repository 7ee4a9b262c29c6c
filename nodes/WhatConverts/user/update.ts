import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sendAs } from '../shared/fields';
import { inputError } from '../shared/validation';
import { route } from '../transport/routing';
import { sendWrite } from '../transport/writes';
import { userBodyFields, userTypeField } from './fields';

// WhatConverts edits a user with a POST to /users itself, naming the user in the JSON body.
export const userUpdateRouting = route({ method: 'POST', url: '/users' }, sendWrite('user_id'));

export const userUpdateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['update'] } },
	[
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5001',
			description: 'The user to change (user_id)',
			routing: {
				send: {
					preSend: [
						// Checked here: elsewhere in the API user_id is a visitor ID, not a number.
						async function (requestOptions) {
							const userId = String(this.getNodeParameter('userId', '')).trim();
							if (!/^\d+$/.test(userId)) {
								throw inputError(this.getNode(), `User ID "${userId}" is not a WhatConverts ID`, 'IDs are whole numbers, e.g. 5001.', this.getItemIndex());
							}
							const fields = this.getNodeParameter('updateFields', {}) as IDataObject;
							if (Object.keys(fields).length === 0) {
								throw inputError(this.getNode(), 'Update Fields is empty', 'Add at least one field to change: Email, User Type, Role ID, New Account Notifications or Accounts.', this.getItemIndex());
							}
							return { ...requestOptions, body: { ...(requestOptions.body as IDataObject), user_id: Number(userId) } };
						},
					],
				},
			},
		},
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				...userBodyFields('updateFields'),
				sendAs('body', { displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'The user\'s new email address' }),
				userTypeField('Change the user to an agency user or an account user', false),
			].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	],
);
