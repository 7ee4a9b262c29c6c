import { sendOne } from '../../output/senders';
import { idField } from '../../parameters/builders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';

const roleId = idField('roleId', 'e.g. 4001', 'The role (role_id), with its permissions and lead notifications');

export const roleGet: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a role',
	description:
		'Get one role by ID with its permissions (area → none, view or edit) and lead notifications. Needs a master (agency) API key.',
	forAgents: `Gets one permission role by role_id: role_name, role_type, lead notifications and permissions (area → none, view or edit). ${MASTER_KEY_ONLY} One API request.`,
	properties: [roleId.property],
	// Bare or wrapped: sendOne takes both, and turns an empty permissions [] into {}.
	routing: route({ method: 'GET', resource: 'role', path: 'item' }, sendOne),
};
