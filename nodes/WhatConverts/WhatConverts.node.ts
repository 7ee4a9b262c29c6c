import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountFields, accountOperations } from './account';
import { leadFields, leadOperations } from './lead';
import { searchAccounts, searchProfiles } from './methods/listSearch';
import { profileFields, profileOperations } from './profile';
import { recordingFields, recordingOperations } from './recording';
import { roleFields, roleOperations } from './role';
import { rateLimitHandling, returnAllAndLimit } from './shared/fields';
import { idProperties } from './shared/idFields';
import { RESOURCES } from './shared/resources';
import { trackingFormFields, trackingFormOperations } from './trackingForm';
import { trackingNumberFields, trackingNumberOperations } from './trackingNumber';
import { userFields, userOperations } from './user';

export class WhatConverts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatConverts',
		name: 'whatConverts',
		icon: { light: 'file:whatconverts.svg', dark: 'file:whatconverts.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and write WhatConverts leads (calls, forms, chats) and their marketing attribution; manage accounts, profiles, users and tracking; download call recordings',
		defaults: { name: 'WhatConverts' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatConvertsApi', required: true }],
		// No expressions here: n8n would evaluate them for every item. The transport adds the base URL.
		requestDefaults: { headers: { Accept: 'application/json' } },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: Object.values(RESOURCES).map(({ label, value, description }) => ({ name: label, value, description })),
				default: 'lead',
			},
			...leadOperations,
			...accountOperations,
			...profileOperations,
			...recordingOperations,
			...userOperations,
			...roleOperations,
			...trackingNumberOperations,
			...trackingFormOperations,
			// After every Operation list, so that an id shared by two resources shows below either.
			...idProperties,
			...returnAllAndLimit,
			...leadFields,
			...accountFields,
			...profileFields,
			...recordingFields,
			...userFields,
			...roleFields,
			...trackingNumberFields,
			...trackingFormFields,
			rateLimitHandling,
		],
	};

	methods = {
		listSearch: { searchAccounts, searchProfiles },
	};
}
