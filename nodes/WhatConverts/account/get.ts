import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountLocator } from '../shared/locators';
import { route } from '../transport/routing';

// The answer may be the account itself or a list envelope holding it (open point); sendOne takes both.
export const accountGetRouting = route({ method: 'GET', url: '=/accounts/{{$parameter.accountId}}' });

export const accountGetDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['get'] } },
	[accountLocator({ required: true, description: 'The account to get (account_id)' })],
);
