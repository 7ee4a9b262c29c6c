import type { INodeProperties } from 'n8n-workflow';

import { accountLocator, profileLocator } from '../shared/locators';

// Profiles live under an account: every profile operation names the account first.
export const profileAccountField = (description: string): INodeProperties =>
	accountLocator({ required: true, description: `${description} (account_id)` });

export const profileIdField = (description: string, hint?: string): INodeProperties =>
	profileLocator({
		required: true,
		description: `${description} (profile_id). The list shows the profiles of the account chosen above.`,
		...(hint ? { hint } : {}),
	});
