import type { INodeProperties } from 'n8n-workflow';

import { trackingDelete, trackingGetAll } from '../shared/tracking';

const getAll = trackingGetAll('trackingNumber');
const remove = trackingDelete('trackingNumber', 'WhatConverts stops tracking this number. To track it again, set it up again in WhatConverts.');

export const trackingNumberOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['trackingNumber'] } },
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a tracking number',
			description: 'Stop tracking a phone number. Works with a master key or the number\'s profile key.',
			routing: remove.routing,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many tracking numbers',
			description:
				'List the tracking phone numbers with their destination number and source/medium/campaign, optionally for one account or profile',
			routing: getAll.routing,
		},
	],
	default: 'getAll',
};

export const trackingNumberFields: INodeProperties[] = [...getAll.fields, ...remove.fields];
