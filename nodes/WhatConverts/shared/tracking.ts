import type { INodeProperties, INodePropertyRouting } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { route, sendList } from '../transport/routing';
import { sendDelete } from '../transport/writes';
import { returnAllAndLimit, sendAs } from './fields';
import { filtersCollection } from './listFilters';
import { accountLocator, profileLocator } from './locators';

/** What differs between tracking numbers and tracking forms. */
export interface TrackedThing {
	resource: string;
	/** e.g. /tracking/numbers */
	path: string;
	pageSizeKey: string;
	/** plural, for descriptions: "tracking numbers" */
	plural: string;
	idField: INodeProperties;
}

export function trackingGetAll(thing: TrackedThing): { routing: INodePropertyRouting; fields: INodeProperties[] } {
	const scope = 'Master key only; a profile key always reads its own profile.';
	return {
		routing: route({ method: 'GET', url: thing.path, qs: { [thing.pageSizeKey]: 250 } }, sendList),
		fields: updateDisplayOptions({ show: { resource: [thing.resource], operation: ['getAll'] } }, [
			...returnAllAndLimit(),
			filtersCollection([
				sendAs('query', accountLocator({ description: `Only the ${thing.plural} of this account (account_id). ${scope}` })),
				sendAs(
					'query',
					profileLocator({
						description: `Only the ${thing.plural} of this profile (profile_id). The list shows the profiles of the account filter, if set. ${scope}`,
					}),
				),
			]),
		]),
	};
}

export function trackingDelete(thing: TrackedThing, hint: string): { routing: INodePropertyRouting; fields: INodeProperties[] } {
	return {
		routing: route({ method: 'DELETE', url: `=${thing.path}/{{$parameter.${thing.idField.name}}}` }, sendDelete),
		fields: updateDisplayOptions({ show: { resource: [thing.resource], operation: ['delete'] } }, [{ ...thing.idField, hint }]),
	};
}
