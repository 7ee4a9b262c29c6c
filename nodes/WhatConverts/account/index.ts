import type { INodeProperties } from 'n8n-workflow';

import { accountCreateDescription, accountCreateRouting } from './create';
import { accountDeleteDescription, accountDeleteRouting } from './delete';
import { accountGetRouting } from './get';
import { accountGetAllDescription, accountGetAllRouting } from './getAll';
import { accountName } from './fields';
import { accountUpdateRouting } from './update';

export const accountOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['account'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create an account',
			description:
				'Create a client account in the agency, optionally with a first profile. Outputs the new account; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.',
			routing: accountCreateRouting,
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete an account',
			description:
				'Permanently delete an account with all its profiles, tracking numbers and leads. Needs a master (agency) API key.',
			routing: accountDeleteRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get an account',
			description:
				'Get one account by its ID, with its profiles. Needs a master (agency) API key.',
			routing: accountGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many accounts',
			description:
				'List the agency\'s accounts, each with its profiles, newest first. Needs a master (agency) API key.',
			routing: accountGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update an account',
			description:
				'Change an account\'s name. Outputs the account; if WhatConverts answers with only its ID, outputs that ID and the new name. Needs a master (agency) API key.',
			routing: accountUpdateRouting,
		},
	],
	default: 'getAll',
};

export const accountFields: INodeProperties[] = [
	...accountGetAllDescription,
	accountName.property,
	...accountCreateDescription,
	...accountDeleteDescription,
];
