import type { INodeProperties } from 'n8n-workflow';

import type { TrackedThing } from '../shared/tracking';
import { trackingDelete, trackingGetAll } from '../shared/tracking';

const trackingNumber: TrackedThing = {
	resource: 'trackingNumber',
	path: '/tracking/numbers',
	pageSizeKey: 'numbers_per_page',
	plural: 'tracking numbers',
	idField: {
		displayName: 'Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3001',
		description: 'The tracking number to stop tracking (phone_number_id from Tracking Number → Get Many, not the phone number itself)',
	},
};

const getAll = trackingGetAll(trackingNumber);
const remove = trackingDelete(
	trackingNumber,
	'WhatConverts stops tracking this number. To track it again, set it up again in WhatConverts.',
);

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
