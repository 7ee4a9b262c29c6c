import type { INodeProperties } from 'n8n-workflow';

import { listCost } from '../shared/agentText';
import { operationList } from '../shared/operations';
import { trackingDelete, trackingGetAll } from '../shared/tracking';

const getAll = trackingGetAll('trackingNumber');
const remove = trackingDelete(
	'trackingNumber',
	'WhatConverts stops tracking this number. To track it again, set it up again in WhatConverts.',
);

export const trackingNumberOperations = operationList(
	'trackingNumber',
	[
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a tracking number',
			description: "Stop tracking a phone number. Works with a master key or the number's profile key.",
			forAgents:
				'Stops tracking a phone number, by phone_number_id (from the tracking number list, not the phone number itself). It cannot be undone here: only call it when the user asked for exactly this. One API request.',
			routing: remove.routing,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many tracking numbers',
			description:
				'List the tracking phone numbers with their destination number and source/medium/campaign, optionally for one account or profile',
			forAgents: `Lists the tracking phone numbers: phone_number_id, phone_name, tracking_number, destination_number, source and medium, account and profile. With a master key, filter by account_id or profile_id. ${listCost(250)}`,
			routing: getAll.routing,
		},
	],
	'getAll',
);

export const trackingNumberFields: INodeProperties[] = [...getAll.fields, ...remove.fields];
