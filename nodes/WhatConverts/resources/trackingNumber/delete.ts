import { idField } from '../../parameters/builders';
import { trackingDelete } from '../tracking';

const phoneNumberId = idField(
	'phoneNumberId',
	'e.g. 3001',
	"The tracking number to stop tracking (phone_number_id from 'Tracking Number' → 'Get Many', not the phone number itself)",
);

export const trackingNumberDelete = trackingDelete(
	'trackingNumber',
	phoneNumberId.property,
	'WhatConverts stops tracking this number. To track it again, set it up again in WhatConverts.',
	{
		action: 'Delete a tracking number',
		description: "Stop tracking a phone number. Works with a master key or the number's profile key.",
		forAgents:
			'Stops tracking a phone number, by phone_number_id (from the tracking number list, not the phone number itself). It cannot be undone here: only call it when the user asked for exactly this. One API request.',
	},
);
