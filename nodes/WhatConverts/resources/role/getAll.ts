import { enumField } from '../../parameters/builders';
import { ROLE_TYPE_ALIASES, ROLE_TYPES } from '../../parameters/enums';
import { RESOURCES } from '../../shared/resources';
import { getManyOperation } from '../getMany';
import { listCost, MASTER_KEY_ONLY } from '../toolText';

const roleType = enumField(
	'Role Type',
	'roleType',
	ROLE_TYPES,
	'master_account',
	{ required: true, description: 'Which roles to list. WhatConverts orders them by name.' },
	{ aliases: ROLE_TYPE_ALIASES },
);

export const roleGetAll = getManyOperation(
	'role',
	{
		action: 'Get many roles',
		description: 'List the agency roles or the account roles, by name. Needs a master (agency) API key.',
		forAgents: `Lists permission roles by name: role_type master_account (agency roles, the default) or account (roles of client-account users); each with role_id and role_name. ${listCost(RESOURCES.role)} ${MASTER_KEY_ONLY}`,
	},
	[roleType],
);
