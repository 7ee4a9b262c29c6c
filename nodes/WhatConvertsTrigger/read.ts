import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { leadFilters } from '../WhatConverts/shared/leadFilters';
import { filtersCollection } from '../WhatConverts/shared/listFilters';
import { RESOURCES } from '../WhatConverts/shared/resources';
import type { PageLimits } from '../WhatConverts/transport/pagination';
import { readPages } from '../WhatConverts/transport/pagination';
import type { RetrySettings } from '../WhatConverts/transport/request';
import type { ParameterSource } from '../WhatConverts/transport/routing';
import { checkFields, retrySettingsOf as retrySettingsOfNode } from '../WhatConverts/transport/routing';

// The trigger sets the date range and the order itself.
const OWN_PARAMETERS = ['order', 'startDate', 'endDate'];

/** The lead Get Many filters, without those the trigger sets. */
export const triggerFilters = filtersCollection(leadFilters.fields.filter((field) => !OWN_PARAMETERS.includes(field.property.name)));

/** The user's filters as the API's query parameters, checked as the node checks them. */
export function filterQuery(ctx: IPollFunctions): IDataObject {
	return checkFields(ctx as unknown as ParameterSource, [triggerFilters], true).sent;
}

export function retrySettingsOf(ctx: IPollFunctions): RetrySettings {
	return retrySettingsOfNode(ctx as unknown as ParameterSource);
}

export interface LeadRead {
	leads: IDataObject[];
	/** false when the read stopped before the last page to stay within the poll budget */
	complete: boolean;
	/** Pages read: the requests the read cost, retries aside. */
	pages: number;
	/** The list's total_leads fell between two pages: a lead may have moved onto a page already read. */
	shrunk: boolean;
}

/** Reads GET /leads page by page through the transport's page loop. */
export async function readLeads(ctx: IPollFunctions, qs: IDataObject, limits: PageLimits = {}): Promise<LeadRead> {
	const lead = RESOURCES.lead;
	const options = { method: 'GET' as const, url: lead.list, qs, headers: { Accept: 'application/json' } };
	const { items, complete, pages, shrunk } = await readPages(ctx, lead, options, retrySettingsOf(ctx), limits);
	return { leads: items, complete, pages, shrunk };
}
