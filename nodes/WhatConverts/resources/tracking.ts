import type { INodeProperties } from 'n8n-workflow';

import { sendDelete } from '../output/senders';
import type { OutputChoice } from '../output/shape';
import { deleteNotice } from '../parameters/builders';
import { filtersCollection } from '../parameters/filters';
import { accountLocator, profileLocator } from '../parameters/locators';
import { RESOURCES } from '../shared/resources';
import { route } from '../routing/route';
import { getManyOperation } from './getMany';
import type { Operation, OperationText } from './operations';
import { listCost } from './toolText';

// Tracking numbers and tracked forms are read and stopped alike: their operations are built here.

type TrackedResource = 'trackingNumber' | 'trackingForm';

/** Get Many of tracking numbers or forms: every page, optionally for one account or profile. */
export function trackingGetAll(resource: TrackedResource, text: OperationText, output?: OutputChoice): Operation {
	const { plural } = RESOURCES[resource];
	const scope = 'Master key only; a profile key always reads its own profile.';
	const filters = filtersCollection([
		accountLocator({ description: `Only the ${plural} of this account (account_id). ${scope}` }),
		profileLocator({
			description: `Only the ${plural} of this profile (profile_id). The list shows the profiles of the account filter, if set. ${scope}`,
		}),
	]);
	return getManyOperation(resource, { ...text, forAgents: `${text.forAgents} ${listCost(RESOURCES[resource])}` }, [filters], [], output);
}

/** Stops tracking a number or form: DELETE of one item, by its id. */
export function trackingDelete(resource: TrackedResource, id: INodeProperties, warning: string, text: OperationText): Operation {
	return {
		name: 'Delete',
		value: 'delete',
		...text,
		properties: [id, deleteNotice(resource, warning)],
		routing: route({ method: 'DELETE', resource, path: 'item' }, sendDelete),
	};
}
