import { sendWrite } from '../../output/senders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { accountId, accountName } from './parameters';

export const accountUpdate: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update an account',
	description:
		"Change an account's name. Outputs the account; if WhatConverts answers with only its ID, outputs that ID and the new name. Needs a master (agency) API key.",
	forAgents: `Renames a client account by account_id (account_name) and returns it. ${MASTER_KEY_ONLY} One API request.`,
	properties: [accountId.property, accountName.property],
	// WhatConverts renames an account with a POST to its URL.
	routing: route({ method: 'POST', resource: 'account', path: 'item', body: [accountName], form: true }, sendWrite),
};
