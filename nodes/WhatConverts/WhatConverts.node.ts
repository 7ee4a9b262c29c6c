import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountFields, accountOperations } from './account';
import { leadFields, leadOperations } from './lead';
import { searchAccounts, searchProfiles } from './methods/listSearch';
import { profileFields, profileOperations } from './profile';
import { recordingFields, recordingOperations } from './recording';
import { roleFields, roleOperations } from './role';
import { rateLimitHandling } from './shared/fields';
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
		requestDefaults: {
			baseURL: '={{($credentials.baseUrl || "https://app.whatconverts.com/api/v1").replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account', description: 'Client accounts of an agency (master key)' },
					{ name: 'Lead', value: 'lead', description: 'Calls, forms, chats and other conversions with their attribution' },
					{ name: 'Profile', value: 'profile', description: 'Websites or locations inside an account (master key)' },
					{ name: 'Recording', value: 'recording', description: 'The MP3 recording of a phone-call lead' },
					{ name: 'Role', value: 'role', description: 'Permission roles for users (master key)' },
					{ name: 'Tracking Form', value: 'trackingForm', description: 'Web forms WhatConverts tracks' },
					{ name: 'Tracking Number', value: 'trackingNumber', description: 'Phone numbers WhatConverts tracks' },
					{ name: 'User', value: 'user', description: 'People with access to the agency or its accounts (master key)' },
				],
				default: 'lead',
			},
			leadOperations,
			...leadFields,
			accountOperations,
			...accountFields,
			profileOperations,
			...profileFields,
			recordingOperations,
			...recordingFields,
			userOperations,
			...userFields,
			roleOperations,
			...roleFields,
			trackingNumberOperations,
			...trackingNumberFields,
			trackingFormOperations,
			...trackingFormFields,
			rateLimitHandling,
		],
	};

	methods = {
		listSearch: { searchAccounts, searchProfiles },
	};
}
