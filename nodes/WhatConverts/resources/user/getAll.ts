import { enumField } from '../../parameters/builders';
import { USER_TYPE_ALIASES, USER_TYPES } from '../../parameters/enums';
import { createdDateFilters, filtersCollection } from '../../parameters/filters';
import { RESOURCES } from '../../shared/resources';
import { getManyOperation } from '../getMany';
import { DATE_FILTERS, listCost, MASTER_KEY_ONLY } from '../toolText';
import { USER_TYPES_FOR_AGENTS } from './parameters';

const userType = enumField(
	'User Type',
	'userType',
	USER_TYPES,
	'master_account',
	{ required: true, description: "Which users to list: the agency's own users or the users of client accounts" },
	{ aliases: USER_TYPE_ALIASES },
);

export const userGetAll = getManyOperation(
	'user',
	{
		action: 'Get many users',
		description: "List the agency's users or the client accounts' users, newest first. Needs a master (agency) API key.",
		forAgents: `Lists users, newest first, of one ${USER_TYPES_FOR_AGENTS}: user_id, email, role, pending_activation. ${DATE_FILTERS} ${listCost(RESOURCES.user)} ${MASTER_KEY_ONLY}`,
	},
	[userType, filtersCollection(createdDateFilters('users'))],
);
