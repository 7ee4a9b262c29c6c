import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { leadFields, leadOperations } from './lead';
import { rateLimitHandling } from './shared/fields';

export class WhatConverts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatConverts',
		name: 'whatConverts',
		icon: { light: 'file:whatconverts.svg', dark: 'file:whatconverts.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and write WhatConverts leads (calls, forms, chats) and their marketing attribution',
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
				options: [{ name: 'Lead', value: 'lead' }],
				default: 'lead',
			},
			leadOperations,
			...leadFields,
			rateLimitHandling,
		],
	};
}
