import type { INodeProperties } from 'n8n-workflow';

import { profileCreateRouting } from './create';
import { profileDeleteDescription, profileDeleteRouting } from './delete';
import { profileName } from './fields';
import { profileGetRouting } from './get';
import { profileGetAllDescription, profileGetAllRouting } from './getAll';
import { profileUpdateRouting } from './update';

export const profileOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['profile'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a profile',
			description:
				'Create a profile (a website or location) in an account. Outputs the new profile; if WhatConverts answers with only its ID, outputs that ID, the account ID and the name sent. Needs a master (agency) API key.',
			routing: profileCreateRouting,
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a profile',
			description:
				'Permanently delete a profile with all its tracking numbers and leads. Needs a master (agency) API key.',
			routing: profileDeleteRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a profile',
			description:
				'Get one profile of an account by its ID. Needs a master (agency) API key.',
			routing: profileGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many profiles',
			description:
				'List the profiles of one account, newest first. Needs a master (agency) API key.',
			routing: profileGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a profile',
			description:
				'Rename a profile. Outputs the profile; if WhatConverts answers with only its ID, outputs that ID and the new name. Needs a master (agency) API key.',
			routing: profileUpdateRouting,
		},
	],
	default: 'getAll',
};

export const profileFields: INodeProperties[] = [...profileGetAllDescription, profileName.property, ...profileDeleteDescription];
