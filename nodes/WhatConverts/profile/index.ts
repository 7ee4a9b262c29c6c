import type { INodeProperties } from 'n8n-workflow';

import { CANNOT_UNDO, DATE_FILTERS, listCost, MASTER_KEY_ONLY } from '../shared/agentText';
import { operationList } from '../shared/operations';
import { profileCreateRouting } from './create';
import { profileDeleteDescription, profileDeleteRouting } from './delete';
import { profileName } from './fields';
import { profileGetRouting } from './get';
import { profileGetAllDescription, profileGetAllRouting } from './getAll';
import { profileUpdateRouting } from './update';

export const profileOperations = operationList(
	'profile',
	[
		{
			name: 'Create',
			value: 'create',
			action: 'Create a profile',
			description:
				'Create a profile (a website or location) in an account. Outputs the new profile; if WhatConverts answers with only its ID, outputs that ID, the account ID and the name sent. Needs a master (agency) API key.',
			forAgents: `Creates a profile (a website or location, profile_name) in the account account_id and returns it with its profile_id. Every call creates another profile. ${MASTER_KEY_ONLY} One API request.`,
			routing: profileCreateRouting,
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a profile',
			description: 'Permanently delete a profile with all its tracking numbers and leads. Needs a master (agency) API key.',
			forAgents: `Permanently deletes the profile profile_id of the account account_id, with all its tracking numbers and leads. ${CANNOT_UNDO} ${MASTER_KEY_ONLY} One API request.`,
			routing: profileDeleteRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a profile',
			description: 'Get one profile of an account by its ID. Needs a master (agency) API key.',
			forAgents: `Gets the profile profile_id of the account account_id: profile_name and date_created. ${MASTER_KEY_ONLY} One API request.`,
			routing: profileGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many profiles',
			description: 'List the profiles of one account, newest first. Needs a master (agency) API key.',
			forAgents: `Lists the profiles (websites or locations) of the account account_id, newest first: profile_id, profile_name, date_created. ${DATE_FILTERS} ${listCost(250)} ${MASTER_KEY_ONLY}`,
			routing: profileGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a profile',
			description:
				'Rename a profile. Outputs the profile; if WhatConverts answers with only its ID, outputs that ID and the new name. Needs a master (agency) API key.',
			forAgents: `Renames the profile profile_id of the account account_id (profile_name) and returns it. ${MASTER_KEY_ONLY} One API request.`,
			routing: profileUpdateRouting,
		},
	],
	'getAll',
);

export const profileFields: INodeProperties[] = [...profileGetAllDescription, profileName.property, ...profileDeleteDescription];
