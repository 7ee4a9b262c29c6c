import { createdDateFilters, filtersCollection } from '../../parameters/filters';
import { RESOURCES } from '../../shared/resources';
import { getManyOperation } from '../getMany';
import { DATE_FILTERS, listCost, MASTER_KEY_ONLY } from '../toolText';
import { profilesAccountId } from './parameters';

export const profileGetAll = getManyOperation(
	'profile',
	{
		action: 'Get many profiles',
		description: 'List the profiles of one account, newest first. Needs a master (agency) API key.',
		forAgents: `Lists the profiles (websites or locations) of the account account_id, newest first: profile_id, profile_name, date_created. ${DATE_FILTERS} ${listCost(RESOURCES.profile)} ${MASTER_KEY_ONLY}`,
	},
	[filtersCollection(createdDateFilters('profiles'))],
	[profilesAccountId.property],
);
