import { trackingGetAll } from '../tracking';

export const trackingNumberGetAll = trackingGetAll('trackingNumber', {
	action: 'Get many tracking numbers',
	description:
		'List the tracking phone numbers with their destination number and source/medium/campaign, optionally for one account or profile',
	forAgents:
		'Lists the tracking phone numbers: phone_number_id, phone_name, tracking_number, destination_number, source and medium, account and profile. With a master key, filter by account_id or profile_id.',
});
