import { trackingGetAll } from '../tracking';

export const trackingFormGetAll = trackingGetAll('trackingForm', {
	action: 'Get many tracking forms',
	description: 'List the tracked web forms, optionally for one account or profile',
	forAgents:
		'Lists the web forms WhatConverts tracks: form_id, form_name, account and profile. With a master key, filter by account_id or profile_id.',
});
