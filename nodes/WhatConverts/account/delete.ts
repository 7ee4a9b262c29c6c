import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountLocator } from '../shared/locators';
import { route } from '../transport/routing';
import { sendDelete } from '../transport/writes';

export const accountDeleteRouting = route({ method: 'DELETE', url: '=/accounts/{{$parameter.accountId}}' }, sendDelete);

export const accountDeleteDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['delete'] } },
	[
		accountLocator({
			required: true,
			description: 'The account to delete (account_id)',
			hint: 'WhatConverts deletes the account together with all its profiles, tracking numbers and leads. This cannot be undone.',
		}),
	],
);
