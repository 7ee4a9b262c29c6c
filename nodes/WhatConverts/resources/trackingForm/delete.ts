import { idField } from '../../parameters/builders';
import { trackingDelete } from '../tracking';

const formId = idField('formId', 'e.g. 3501', 'The tracked web form to stop tracking (form_id from Tracking Form → Get Many)');

export const trackingFormDelete = trackingDelete(
	'trackingForm',
	formId.property,
	'WhatConverts stops tracking this form. To track it again, set it up again in WhatConverts.',
	{
		action: 'Delete a tracking form',
		description: "Stop tracking a web form. Works with a master key or the form's profile key.",
		forAgents:
			'Stops tracking a web form, by form_id (from the tracked form list). It cannot be undone here: only call it when the user asked for exactly this. One API request.',
	},
);
