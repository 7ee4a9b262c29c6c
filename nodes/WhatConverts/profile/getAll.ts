import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createdDateFilters, filtersCollection } from '../shared/listFilters';
import { route, sendList } from '../transport/routing';

const filters = filtersCollection(createdDateFilters('profiles'));

export const profileGetAllRouting = route({ method: 'GET', resource: 'profile', path: 'list', query: [filters] }, sendList);

export const profileGetAllDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['profile'], operation: ['getAll'] } },
	[filters.property],
);
