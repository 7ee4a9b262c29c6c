import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { route } from '../transport/routing';

// Bare or wrapped (open point): sendOne takes both, and turns an empty permissions [] into {}.
export const roleGetRouting = route({ method: 'GET', url: '=/roles/{{$parameter.roleId}}' });

export const roleGetDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['role'], operation: ['get'] } },
	[
		{
			displayName: 'Role ID',
			name: 'roleId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 4001',
			description: 'The role to get (role_id), with its permissions and lead notifications',
		},
	],
);
