import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../shared/fields';
import { createdDateFilters, filtersCollection } from '../shared/listFilters';
import { route, sendList } from '../transport/routing';
import { withPathIds } from '../transport/writes';
import { profileAccountField } from './account';

export const profileGetAllRouting = route(
	{ method: 'GET', url: '=/accounts/{{$parameter.accountId}}/profiles', qs: { profiles_per_page: 250 } },
	withPathIds(sendList),
);

export const profileGetAllDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['profile'], operation: ['getAll'] } },
	[profileAccountField('The account whose profiles to list'), ...returnAllAndLimit(), filtersCollection(createdDateFilters('profiles'))],
);
