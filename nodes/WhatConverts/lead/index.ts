import type { INodeProperties } from 'n8n-workflow';

import { leadCreateDescription, leadCreateRouting } from './create';
import { leadGetDescription, leadGetRouting } from './get';
import { leadGetAllDescription, leadGetAllRouting } from './getAll';
import { leadUpdateDescription, leadUpdateRouting } from './update';

export const leadOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['lead'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a lead',
			description: 'Record a lead (a call, form, chat, sale, ...) in a profile',
			routing: leadCreateRouting,
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a lead',
			description: 'Get one lead by its ID',
			routing: leadGetRouting,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many leads',
			description: 'List leads, newest first, filtered by date, type, source and more',
			routing: leadGetAllRouting,
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a lead',
			description: "Change a lead's quote or sales value, quotable state, URL or fields",
			routing: leadUpdateRouting,
		},
	],
	default: 'getAll',
};

export const leadFields: INodeProperties[] = [
	...leadGetAllDescription,
	...leadGetDescription,
	...leadCreateDescription,
	...leadUpdateDescription,
];
