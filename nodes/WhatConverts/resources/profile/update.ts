import { sendWrite } from '../../output/senders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { profileId, profileName, profilesAccountId } from './parameters';

export const profileUpdate: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a profile',
	description:
		'Rename a profile. Outputs the profile; if WhatConverts answers with only its ID, outputs that ID and the new name. Needs a master (agency) API key.',
	forAgents: `Renames the profile profile_id of the account account_id (profile_name) and returns it. ${MASTER_KEY_ONLY} One API request.`,
	properties: [profilesAccountId.property, profileId.property, profileName.property],
	// WhatConverts renames a profile with a POST to its URL.
	routing: route({ method: 'POST', resource: 'profile', path: 'item', body: [profileName], form: true }, sendWrite),
};
