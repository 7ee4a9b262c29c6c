import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { route, sendOne } from '../transport/routing';
import { simplifyField, simplifyIfAsked } from './simplify';

// GET /leads/{id} answers with the list envelope (leads: [lead]); the transport unwraps it.
export const leadGetRouting = route({ method: 'GET', url: '=/leads/{{$parameter.leadId}}' }, async function (requestData) {
	return simplifyIfAsked(this.getNodeParameter('simplify', false) as boolean, await sendOne.call(this, requestData));
});

export const leadGetDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['get'] } },
	[
		{
			displayName: 'Customer Journey',
			name: 'customerJourney',
			type: 'boolean',
			default: false,
			description: "Whether to add the lead's customer journey (Elite plans)",
			routing: { send: { type: 'query', property: 'customer_journey' } },
		},
		simplifyField,
	],
);
