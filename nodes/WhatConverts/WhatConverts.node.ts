import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchAccounts, searchProfiles } from './methods/listSearch';
import { nodeIdentity } from './shared/node';
import { rateLimitHandling } from './parameters/rateLimit';
import { resourceProperties } from './resources';
import { ACCEPT_JSON, CREDENTIAL_TYPE } from './transport';

export class WhatConverts implements INodeType {
	description: INodeTypeDescription = {
		...nodeIdentity(
			'WhatConverts',
			'whatConverts',
			'transform',
			'Read and write WhatConverts leads (calls, forms, chats) and their marketing attribution; manage accounts, profiles, users and tracking; download call recordings',
		),
		icon: { light: 'file:whatconverts.svg', dark: 'file:whatconverts.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		// No expressions here: n8n would evaluate them for every item. The transport adds the base URL.
		requestDefaults: { headers: { ...ACCEPT_JSON } },
		// Each operation's parameters are declared in its file under resources/.
		properties: [...resourceProperties, rateLimitHandling],
	};

	methods = {
		listSearch: { searchAccounts, searchProfiles },
	};
}
