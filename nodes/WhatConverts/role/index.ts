import type { INodeProperties } from 'n8n-workflow';

import { listCost, MASTER_KEY_ONLY } from '../shared/agentText';
import { operationList } from '../shared/operations';
import { roleGetRouting } from './get';
import { roleGetAllDescription, roleGetAllRouting } from './getAll';

export const roleOperations = operationList(
	'role',
	[
		{
			name: 'Get',
			value: 'get',
			action: 'Get a role',
			description:
				'Get one role by ID with its permissions (area → none, view or edit) and lead notifications. Needs a master (agency) API key.',
			forAgents: `Gets one permission role by role_id: role_name, role_type, lead notifications and permissions (area → none, view or edit). ${MASTER_KEY_ONLY} One API request.`,
			routing: roleGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many roles',
			description: 'List the agency roles or the account roles, by name. Needs a master (agency) API key.',
			forAgents: `Lists permission roles by name: role_type master_account (agency roles, the default) or account (roles of client-account users); each with role_id and role_name. ${listCost(250)} ${MASTER_KEY_ONLY}`,
			routing: roleGetAllRouting,
		},
	],
	'getAll',
);

export const roleFields: INodeProperties[] = [...roleGetAllDescription];
