import type { INodeProperties } from 'n8n-workflow';

import { listCost } from '../shared/agentText';
import { operationList } from '../shared/operations';
import { trackingDelete, trackingGetAll } from '../shared/tracking';

const getAll = trackingGetAll('trackingForm');
const remove = trackingDelete('trackingForm', 'WhatConverts stops tracking this form. To track it again, set it up again in WhatConverts.');

export const trackingFormOperations = operationList(
	'trackingForm',
	[
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a tracking form',
			description: "Stop tracking a web form. Works with a master key or the form's profile key.",
			forAgents:
				'Stops tracking a web form, by form_id (from the tracked form list). It cannot be undone here: only call it when the user asked for exactly this. One API request.',
			routing: remove.routing,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many tracking forms',
			description: 'List the tracked web forms, optionally for one account or profile',
			forAgents: `Lists the web forms WhatConverts tracks: form_id, form_name, account and profile. With a master key, filter by account_id or profile_id. ${listCost(250)}`,
			routing: getAll.routing,
		},
	],
	'getAll',
);

export const trackingFormFields: INodeProperties[] = [...getAll.fields, ...remove.fields];
