import type { INodeProperties } from 'n8n-workflow';

import { trackingDelete, trackingGetAll } from '../shared/tracking';

const getAll = trackingGetAll('trackingForm');
const remove = trackingDelete('trackingForm', 'WhatConverts stops tracking this form. To track it again, set it up again in WhatConverts.');

export const trackingFormOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['trackingForm'] } },
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a tracking form',
			description: 'Stop tracking a web form. Works with a master key or the form\'s profile key.',
			routing: remove.routing,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many tracking forms',
			description: 'List the tracked web forms, optionally for one account or profile',
			routing: getAll.routing,
		},
	],
	default: 'getAll',
};

export const trackingFormFields: INodeProperties[] = [...getAll.fields, ...remove.fields];
