import { sendOne } from '../../output/senders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { profileId, profilesAccountId } from './parameters';

export const profileGet: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a profile',
	description: 'Get one profile of an account by its ID. Needs a master (agency) API key.',
	forAgents: `Gets the profile profile_id of the account account_id: profile_name and date_created. ${MASTER_KEY_ONLY} One API request.`,
	properties: [profilesAccountId.property, profileId.property],
	// Bare or wrapped: sendOne takes both. The output carries the account_id from the path.
	routing: route({ method: 'GET', resource: 'profile', path: 'item' }, sendOne),
};
