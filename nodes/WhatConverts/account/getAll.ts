import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createdDateFilters, filtersCollection } from '../shared/listFilters';
import { route, sendList } from '../transport/routing';

const filters = filtersCollection(createdDateFilters('accounts'));

export const accountGetAllRouting = route({ method: 'GET', resource: 'account', path: 'list', query: [filters] }, sendList);

export const accountGetAllDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getAll'] } },
	[filters.property],
);
