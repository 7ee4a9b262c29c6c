import type { INodeProperties } from 'n8n-workflow';

import { userCreateDescription, userCreateRouting } from './create';
import { userGetRouting } from './get';
import { userGetAllDescription, userGetAllRouting } from './getAll';
import { userUpdateDescription, userUpdateRouting } from './update';

export const userOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a user',
			description:
				'Invite a user to the agency or to client accounts by email. Outputs the new user; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.',
			routing: userCreateRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a user',
			description:
				'Get one user by ID, with their role, notifications and accounts. Needs a master (agency) API key.',
			routing: userGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many users',
			description:
				'List the agency\'s users or the client accounts\' users, newest first. Needs a master (agency) API key.',
			routing: userGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a user',
			description:
				'Change a user\'s email, type, role, notifications or accounts. Outputs the user; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.',
			routing: userUpdateRouting,
		},
	],
	default: 'getAll',
};

export const userFields: INodeProperties[] = [
	...userGetAllDescription,
	...userCreateDescription,
	...userUpdateDescription,
];
