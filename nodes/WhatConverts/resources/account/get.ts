import { sendOne } from '../../output/senders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { accountId } from './parameters';

export const accountGet: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get an account',
	description: 'Get one account by its ID, with its profiles. Needs a master (agency) API key.',
	forAgents: `Gets one client account by account_id: account_name, date_created and its profiles (profile_id, profile_name). ${MASTER_KEY_ONLY} One API request.`,
	properties: [accountId.property],
	// The answer may be the account itself or a list envelope holding it; sendOne takes both.
	routing: route({ method: 'GET', resource: 'account', path: 'item' }, sendOne),
};
