import type { INodeProperties } from 'n8n-workflow';

import { DATE_FILTERS, listCost, MASTER_KEY_ONLY } from '../shared/agentText';
import { operationList } from '../shared/operations';
import { userCreateDescription, userCreateRouting } from './create';
import { userGetRouting } from './get';
import { userGetAllDescription, userGetAllRouting } from './getAll';
import { userUpdateDescription, userUpdateRouting } from './update';

const USER_TYPES_FOR_AGENTS = 'user_type (master_account: an agency user; account: a user of client accounts)';

export const userOperations = operationList(
	'user',
	[
		{
			name: 'Create',
			value: 'create',
			action: 'Create a user',
			description:
				'Invite a user to the agency or to client accounts by email. Outputs the new user; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.',
			forAgents: `Invites a person by email to the agency or to client accounts (${USER_TYPES_FOR_AGENTS}, role_id, accounts with their account roles); WhatConverts emails them. Returns the user with its user_id. ${MASTER_KEY_ONLY} One API request.`,
			routing: userCreateRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a user',
			description: 'Get one user by ID, with their role, notifications and accounts. Needs a master (agency) API key.',
			forAgents: `Gets one user by user_id: email, user_type, role, notifications and accounts. ${MASTER_KEY_ONLY} One API request.`,
			routing: userGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many users',
			description: "List the agency's users or the client accounts' users, newest first. Needs a master (agency) API key.",
			forAgents: `Lists users, newest first, of one ${USER_TYPES_FOR_AGENTS}: user_id, email, role, pending_activation. ${DATE_FILTERS} ${listCost(250)} ${MASTER_KEY_ONLY}`,
			routing: userGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a user',
			description:
				"Change a user's email, type, role, notifications or accounts. Outputs the user; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.",
			forAgents: `Changes the user user_id: email, ${USER_TYPES_FOR_AGENTS}, role_id, new-account notifications, accounts (the list replaces the current one). Returns the user. ${MASTER_KEY_ONLY} One API request.`,
			routing: userUpdateRouting,
		},
	],
	'getAll',
);

export const userFields: INodeProperties[] = [...userGetAllDescription, ...userCreateDescription, ...userUpdateDescription];
