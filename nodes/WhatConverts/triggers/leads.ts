import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { checkFields } from '../parameters/check';
import { filtersCollection, leadFilters } from '../parameters/filters';
import { RESOURCES } from '../shared/resources';
import type { PageLimits, PagesRead, RetrySettings } from '../transport';
import { jsonGet, readPages } from '../transport';

// The trigger sets the date range and the order itself.
const OWN_PARAMETERS = ['order', 'startDate', 'endDate'];

/** The lead Get Many filters, without those the trigger sets. */
export const triggerFilters = filtersCollection(leadFilters.fields.filter((field) => !OWN_PARAMETERS.includes(field.property.name)));

/** The user's filters as the API's query parameters, checked as the node checks them. */
export function filterQuery(ctx: IPollFunctions): IDataObject {
	return checkFields(ctx, [triggerFilters], true).sent;
}

/** Reads GET /leads page by page through the transport's page loop. */
export async function readLeads(ctx: IPollFunctions, qs: IDataObject, retry: RetrySettings, limits: PageLimits = {}): Promise<PagesRead> {
	return await readPages(ctx, RESOURCES.lead, jsonGet(RESOURCES.lead.list, qs), retry, limits);
}
