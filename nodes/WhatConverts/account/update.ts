import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { FORM_BODY, sendAs } from '../shared/fields';
import { accountLocator } from '../shared/locators';
import { route } from '../transport/routing';
import { sendWrite } from '../transport/writes';

// WhatConverts renames an account with a POST to its URL.
export const accountUpdateRouting = route(
	{ method: 'POST', url: '=/accounts/{{$parameter.accountId}}', headers: FORM_BODY },
	sendWrite('account_id'),
);

export const accountUpdateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['update'] } },
	[
		accountLocator({ required: true, description: 'The account to rename (account_id)' }),
		sendAs('body', {
			displayName: 'Account Name',
			name: 'accountName',
			type: 'string',
			required: true,
			default: '',
			description: 'The new name of the account',
		}),
	],
);
