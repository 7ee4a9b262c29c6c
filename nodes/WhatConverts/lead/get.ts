import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { booleanField } from '../shared/fields';
import { route, sendOne } from '../transport/routing';
import { simplifyField, simplifyIfAsked } from './simplify';

const customerJourney = booleanField('Customer Journey', 'customerJourney', "Whether to add the lead's customer journey (Elite plans)");

// GET /leads/{id} answers with the list envelope (leads: [lead]); sendOne unwraps it.
export const leadGetRouting = route({ method: 'GET', resource: 'lead', path: 'item', query: [customerJourney] }, async function (request) {
	return simplifyIfAsked(this, await sendOne.call(this, request));
});

export const leadGetDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['lead'], operation: ['get'] } }, [
	customerJourney.property,
	simplifyField,
]);
