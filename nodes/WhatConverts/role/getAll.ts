import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROLE_TYPE_ALIASES, ROLE_TYPES } from '../shared/enums';
import { enumField } from '../shared/fields';
import { route, sendList } from '../transport/routing';

const roleType = enumField(
	'Role Type',
	'roleType',
	ROLE_TYPES,
	'master_account',
	{ description: 'Which roles to list. WhatConverts orders them by name.' },
	{ aliases: ROLE_TYPE_ALIASES },
);

export const roleGetAllRouting = route({ method: 'GET', resource: 'role', path: 'list', query: [roleType] }, sendList);

export const roleGetAllDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['role'], operation: ['getAll'] } }, [
	roleType.property,
]);
