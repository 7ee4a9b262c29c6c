import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit, sendAs } from '../shared/fields';
import { route, sendList } from '../transport/routing';

export const roleGetAllRouting = route({ method: 'GET', url: '/roles', qs: { roles_per_page: 250 } }, sendList);

export const roleGetAllDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['role'], operation: ['getAll'] } },
	[
		sendAs('query', {
			displayName: 'Role Type',
			name: 'roleType',
			type: 'options',
			options: [
				{ name: 'Agency Role', value: 'master_account', description: 'Roles of agency users' },
				{ name: 'Account Role', value: 'account', description: 'Roles of users in client accounts' },
			],
			default: 'master_account',
			description: 'Which roles to list. WhatConverts orders them by name.',
		}),
		...returnAllAndLimit(),
	],
);
