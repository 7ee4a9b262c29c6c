import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { route } from '../transport/routing';

// Bare or wrapped (open point): sendOne takes both.
export const userGetRouting = route({ method: 'GET', url: '=/users/{{$parameter.userId}}' });

export const userGetDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	[
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5001',
			description: 'The user to get (user_id), with their notification settings and accounts',
		},
	],
);
