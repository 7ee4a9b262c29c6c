import { outputChoice, selectableFields } from '../../output/shape';
import { trackingGetAll } from '../tracking';

/** What Simplify keeps of a tracking number, the most used first. */
const SIMPLE_TRACKING_NUMBER_FIELDS = [
	'phone_number_id',
	'phone_name',
	'tracking_number',
	'destination_number',
	'source',
	'medium',
	'campaign',
	'profile',
	'profile_id',
	'account_id',
];

const TRACKING_NUMBER_FIELDS = [
	...SIMPLE_TRACKING_NUMBER_FIELDS,
	'call_flow',
	'date_created',
	'destination_number_iso_country',
	'swap_number',
	'tracking_number_iso_country',
	'trigger',
];

export const trackingNumberGetAll = trackingGetAll(
	'trackingNumber',
	{
		action: 'Get many tracking numbers',
		description:
			'List the tracking phone numbers with their destination number and source/medium/campaign, optionally for one account or profile',
		forAgents:
			'Lists the tracking phone numbers: phone_number_id, phone_name, tracking_number, destination_number, source, medium and campaign, profile and account. With a master key, filter by account_id or profile_id.',
	},
	outputChoice({
		noun: 'tracking number',
		idField: 'phone_number_id',
		simplified: SIMPLE_TRACKING_NUMBER_FIELDS,
		simplifiedText: 'ID, name, tracking and destination number, source, medium, campaign, profile and account',
		selectable: selectableFields(TRACKING_NUMBER_FIELDS),
		toolDefault: 'simplified',
	}),
);
