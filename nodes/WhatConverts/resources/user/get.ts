import { sendOne } from '../../output/senders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { userIdField } from './parameters';

export const userGet: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a user',
	description: 'Get one user by ID, with their role, notifications and accounts. Needs a master (agency) API key.',
	forAgents: `Gets one user by user_id: email, user_type, role, notifications and accounts. ${MASTER_KEY_ONLY} One API request.`,
	properties: [userIdField.property],
	// Bare or wrapped: sendOne takes both.
	routing: route({ method: 'GET', resource: 'user', path: 'item' }, sendOne),
};
