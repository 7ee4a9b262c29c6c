import type { INodeProperties } from 'n8n-workflow';

import { roleGetRouting } from './get';
import { roleGetAllDescription, roleGetAllRouting } from './getAll';

export const roleOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['role'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a role',
			description:
				'Get one role by ID with its permissions (area → none, view or edit) and lead notifications. Needs a master (agency) API key.',
			routing: roleGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many roles',
			description: 'List the agency roles or the account roles, by name. Needs a master (agency) API key.',
			routing: roleGetAllRouting,
		},
	],
	default: 'getAll',
};

export const roleFields: INodeProperties[] = [...roleGetAllDescription];
