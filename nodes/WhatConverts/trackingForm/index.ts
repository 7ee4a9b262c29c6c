import type { INodeProperties } from 'n8n-workflow';

import type { TrackedThing } from '../shared/tracking';
import { trackingDelete, trackingGetAll } from '../shared/tracking';

const trackingForm: TrackedThing = {
	resource: 'trackingForm',
	path: '/tracking/forms',
	pageSizeKey: 'forms_per_page',
	plural: 'tracked forms',
	idField: {
		displayName: 'Form ID',
		name: 'formId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3501',
		description: 'The tracked web form to stop tracking (form_id from Tracking Form → Get Many)',
	},
};

const getAll = trackingGetAll(trackingForm);
const remove = trackingDelete(
	trackingForm,
	'WhatConverts stops tracking this form. To track it again, set it up again in WhatConverts.',
);

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
