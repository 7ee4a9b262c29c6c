import { createdDateFilters, filtersCollection } from '../../parameters/filters';
import { RESOURCES } from '../../shared/resources';
import { getManyOperation } from '../getMany';
import { DATE_FILTERS, listCost, MASTER_KEY_ONLY } from '../toolText';

export const accountGetAll = getManyOperation(
	'account',
	{
		action: 'Get many accounts',
		description: "List the agency's accounts, each with its profiles, newest first. Needs a master (agency) API key.",
		forAgents: `Lists the agency's client accounts, newest first: account_id, account_name, date_created and profiles. ${DATE_FILTERS} ${listCost(RESOURCES.account)} ${MASTER_KEY_ONLY}`,
	},
	[filtersCollection(createdDateFilters('accounts'))],
);
