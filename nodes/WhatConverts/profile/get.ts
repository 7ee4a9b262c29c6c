import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { route, sendOne } from '../transport/routing';
import { withPathIds } from '../transport/writes';
import { profileAccountField, profileIdField } from './account';

// Bare or wrapped (open point): sendOne takes both. The output carries the account_id from the path.
export const profileGetRouting = route(
	{ method: 'GET', url: '=/accounts/{{$parameter.accountId}}/profiles/{{$parameter.profileId}}' },
	withPathIds(sendOne),
);

export const profileGetDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['profile'], operation: ['get'] } },
	[profileAccountField('The account the profile belongs to'), profileIdField('The profile to get')],
);
