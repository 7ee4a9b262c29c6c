import { sendDelete } from '../../output/senders';
import { deleteNotice } from '../../parameters/builders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { CANNOT_UNDO, MASTER_KEY_ONLY } from '../toolText';
import { accountId } from './parameters';

export const accountDelete: Operation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an account',
	description: 'Permanently delete an account with all its profiles, tracking numbers and leads. Needs a master (agency) API key.',
	forAgents: `Permanently deletes a client account by account_id, with all its profiles, tracking numbers and leads. ${CANNOT_UNDO} ${MASTER_KEY_ONLY} One API request.`,
	properties: [
		accountId.property,
		deleteNotice(
			'account',
			'WhatConverts deletes the account together with all its profiles, tracking numbers and leads. This cannot be undone.',
		),
	],
	routing: route({ method: 'DELETE', resource: 'account', path: 'item' }, sendDelete),
};
