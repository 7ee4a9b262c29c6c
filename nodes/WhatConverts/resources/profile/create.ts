import { sendWrite } from '../../output/senders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { profileName, profilesAccountId } from './parameters';

export const profileCreate: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a profile',
	description:
		'Create a profile (a website or location) in an account. Outputs the new profile; if WhatConverts answers with only its ID, outputs that ID, the account ID and the name sent. Needs a master (agency) API key.',
	forAgents: `Creates a profile (a website or location, profile_name) in the account account_id and returns it with its profile_id. Every call creates another profile. ${MASTER_KEY_ONLY} One API request.`,
	properties: [profilesAccountId.property, profileName.property],
	routing: route({ method: 'POST', resource: 'profile', path: 'list', body: [profileName], form: true }, sendWrite),
};
