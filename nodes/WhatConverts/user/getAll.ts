import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { USER_TYPE_ALIASES, USER_TYPES } from '../shared/enums';
import { enumField } from '../shared/fields';
import { createdDateFilters, filtersCollection } from '../shared/listFilters';
import { route, sendList } from '../transport/routing';

const userType = enumField(
	'User Type',
	'userType',
	USER_TYPES,
	'master_account',
	{ description: "Which users to list: the agency's own users or the users of client accounts" },
	{ aliases: USER_TYPE_ALIASES },
);
const filters = filtersCollection(createdDateFilters('users'));

export const userGetAllRouting = route({ method: 'GET', resource: 'user', path: 'list', query: [userType, filters] }, sendList);

export const userGetAllDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAll'] } }, [
	userType.property,
	filters.property,
]);
