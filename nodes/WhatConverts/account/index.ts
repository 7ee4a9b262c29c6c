import type { INodeProperties } from 'n8n-workflow';

import { CANNOT_UNDO, DATE_FILTERS, listCost, MASTER_KEY_ONLY } from '../shared/agentText';
import { operationList } from '../shared/operations';
import { accountCreateDescription, accountCreateRouting } from './create';
import { accountDeleteDescription, accountDeleteRouting } from './delete';
import { accountName } from './fields';
import { accountGetRouting } from './get';
import { accountGetAllDescription, accountGetAllRouting } from './getAll';
import { accountUpdateRouting } from './update';

export const accountOperations = operationList(
	'account',
	[
		{
			name: 'Create',
			value: 'create',
			action: 'Create an account',
			description:
				'Create a client account in the agency, optionally with a first profile. Outputs the new account; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.',
			forAgents: `Creates a client account (account_name) in the agency, optionally with a first profile of the same name, and returns it with its account_id. Every call creates another account. ${MASTER_KEY_ONLY} One API request.`,
			routing: accountCreateRouting,
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete an account',
			description: 'Permanently delete an account with all its profiles, tracking numbers and leads. Needs a master (agency) API key.',
			forAgents: `Permanently deletes a client account by account_id, with all its profiles, tracking numbers and leads. ${CANNOT_UNDO} ${MASTER_KEY_ONLY} One API request.`,
			routing: accountDeleteRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get an account',
			description: 'Get one account by its ID, with its profiles. Needs a master (agency) API key.',
			forAgents: `Gets one client account by account_id: account_name, date_created and its profiles (profile_id, profile_name). ${MASTER_KEY_ONLY} One API request.`,
			routing: accountGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many accounts',
			description: "List the agency's accounts, each with its profiles, newest first. Needs a master (agency) API key.",
			forAgents: `Lists the agency's client accounts, newest first: account_id, account_name, date_created and profiles. ${DATE_FILTERS} ${listCost(250)} ${MASTER_KEY_ONLY}`,
			routing: accountGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update an account',
			description:
				"Change an account's name. Outputs the account; if WhatConverts answers with only its ID, outputs that ID and the new name. Needs a master (agency) API key.",
			forAgents: `Renames a client account by account_id (account_name) and returns it. ${MASTER_KEY_ONLY} One API request.`,
			routing: accountUpdateRouting,
		},
	],
	'getAll',
);

export const accountFields: INodeProperties[] = [
	...accountGetAllDescription,
	accountName.property,
	...accountCreateDescription,
	...accountDeleteDescription,
];
