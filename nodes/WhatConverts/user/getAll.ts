import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit, sendAs } from '../shared/fields';
import { createdDateFilters, filtersCollection } from '../shared/listFilters';
import { route, sendList } from '../transport/routing';
import { USER_TYPES } from './fields';

export const userGetAllRouting = route({ method: 'GET', url: '/users', qs: { users_per_page: 250 } }, sendList);

export const userGetAllDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getAll'] } },
	[
		sendAs('query', {
			displayName: 'User Type',
			name: 'userType',
			type: 'options',
			options: USER_TYPES,
			default: 'master_account',
			description: 'Which users to list: the agency\'s own users or the users of client accounts',
		}),
		...returnAllAndLimit(),
		filtersCollection(createdDateFilters('users')),
	],
);
