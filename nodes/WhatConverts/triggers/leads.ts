import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { checkFields } from '../parameters/check';
import { filtersCollection, leadFilters } from '../parameters/filters';
import { RESOURCES } from '../shared/resources';
import type { LeadPage, LeadRange, RetrySettings } from '../transport';
import { jsonGet, readLeadPages } from '../transport';

// The trigger sets the date range and the order itself.
const OWN_PARAMETERS = ['order', 'startDate', 'endDate'];

/** The lead Get Many filters, without those the trigger sets. */
export const triggerFilters = filtersCollection(leadFilters.fields.filter((field) => !OWN_PARAMETERS.includes(field.property.name)));

/** The user's filters as the API's query parameters, checked as the node checks them. */
export function filterQuery(ctx: IPollFunctions): IDataObject {
	return checkFields(ctx, [triggerFilters], true).sent;
}

/** Reads GET /leads by creation date through the transport's lead page loop, one page at a time. */
export function readLeads(ctx: IPollFunctions, filters: IDataObject, range: LeadRange, retry: RetrySettings): AsyncGenerator<LeadPage> {
	return readLeadPages(ctx, jsonGet(RESOURCES.lead.list, filters), range, retry);
}

/** The first page of a read: one request. */
export async function firstPage(pages: AsyncGenerator<LeadPage>): Promise<LeadPage> {
	const { value } = await pages.next();
	await pages.return(undefined);
	return value as LeadPage;
}
