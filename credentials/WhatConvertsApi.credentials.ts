import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { API_ROOT, DAILY_QUOTA } from '../nodes/WhatConverts/shared/resources';
import { formatCount } from '../nodes/WhatConverts/shared/text';

export class WhatConvertsApi implements ICredentialType {
	name = 'whatConvertsApi';

	displayName = 'WhatConverts API';

	icon: Icon = { light: 'file:whatconverts.svg', dark: 'file:whatconverts.dark.svg' };

	documentationUrl = 'https://www.whatconverts.com/api/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `In WhatConverts: Integrations → API Keys. A profile key reaches one profile (${formatCount(DAILY_QUOTA.profile)} requests a day); a master (agency) key reaches every account (${formatCount(DAILY_QUOTA.master)} a day).`,
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: API_ROOT,
			description: 'Change only to point at a sandbox or a proxy',
		},
	];

	// WhatConverts takes the token as the Basic-auth user name and the secret as the password. A
	// function, not expressions: n8n applies it to every request, and expressions cost an evaluation each.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, auth: { username: String(credentials.apiToken ?? ''), password: String(credentials.apiSecret ?? '') } };
	}

	// One lead from page 1: both key kinds may read leads, and it costs one request of the quota.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{($credentials.baseUrl || "${API_ROOT}").replace(/\\/+$/, "")}}`,
			url: '/leads',
			qs: { leads_per_page: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'WhatConverts rejected the API token or secret. Copy both again from Integrations → API Keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `No WhatConverts API at this 'Base URL'. It should be ${API_ROOT}.`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'The key is valid but over its rate limit or daily quota right now (it resets at 00:00 UTC).',
				},
			},
		],
	};
}
