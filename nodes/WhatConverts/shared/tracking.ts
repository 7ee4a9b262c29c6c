import type { INodeProperties, INodePropertyRouting } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { route, sendDelete, sendList } from '../transport/routing';
import { deleteWarning } from './idFields';
import { filtersCollection } from './listFilters';
import { accountLocator, profileLocator } from './locators';
import { typed } from './params';
import { RESOURCES } from './resources';

type TrackedResource = 'trackingNumber' | 'trackingForm';

/** Get Many of tracking numbers or forms: every page, optionally for one account or profile. */
export function trackingGetAll(resource: TrackedResource): { routing: INodePropertyRouting; fields: INodeProperties[] } {
	const { plural } = RESOURCES[resource];
	const scope = 'Master key only; a profile key always reads its own profile.';
	const filters = filtersCollection([
		typed('id', accountLocator({ description: `Only the ${plural} of this account (account_id). ${scope}` })),
		typed(
			'id',
			profileLocator({
				description: `Only the ${plural} of this profile (profile_id). The list shows the profiles of the account filter, if set. ${scope}`,
			}),
		),
	]);
	return {
		routing: route({ method: 'GET', resource, path: 'list', query: [filters] }, sendList),
		fields: updateDisplayOptions({ show: { resource: [resource], operation: ['getAll'] } }, [filters.property]),
	};
}

/** Stops tracking a number or form: DELETE of one item, its id from the node's id parameter. */
export function trackingDelete(resource: TrackedResource, warning: string): { routing: INodePropertyRouting; fields: INodeProperties[] } {
	return {
		routing: route({ method: 'DELETE', resource, path: 'item' }, sendDelete),
		fields: [deleteWarning(resource, warning)],
	};
}
