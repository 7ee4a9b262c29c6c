import { sendDelete } from '../../output/senders';
import { deleteNotice } from '../../parameters/builders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { CANNOT_UNDO, MASTER_KEY_ONLY } from '../toolText';
import { profileId, profilesAccountId } from './parameters';

export const profileDelete: Operation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a profile',
	description: 'Permanently delete a profile with all its tracking numbers and leads. Needs a master (agency) API key.',
	forAgents: `Permanently deletes the profile profile_id of the account account_id, with all its tracking numbers and leads. ${CANNOT_UNDO} ${MASTER_KEY_ONLY} One API request.`,
	properties: [
		profilesAccountId.property,
		profileId.property,
		deleteNotice('profile', 'WhatConverts deletes the profile together with all its tracking numbers and leads. This cannot be undone.'),
	],
	routing: route({ method: 'DELETE', resource: 'profile', path: 'item' }, sendDelete),
};
