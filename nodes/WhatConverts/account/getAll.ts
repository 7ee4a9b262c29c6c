import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../shared/fields';
import { createdDateFilters, filtersCollection } from '../shared/listFilters';
import { route, sendList } from '../transport/routing';

// 250 is the API's largest page; a smaller limit asks for fewer.
export const accountGetAllRouting = route({ method: 'GET', url: '/accounts', qs: { accounts_per_page: 250 } }, sendList);

export const accountGetAllDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getAll'] } },
	[...returnAllAndLimit(), filtersCollection(createdDateFilters('accounts'))],
);
