import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { leadFilters } from '../WhatConverts/shared/leadFilters';
import { filtersCollection } from '../WhatConverts/shared/listFilters';
import { RESOURCES } from '../WhatConverts/shared/resources';
import type { PageLimits, PagesRead } from '../WhatConverts/transport/pagination';
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

/** Reads GET /leads page by page through the transport's page loop. */
export async function readLeads(ctx: IPollFunctions, qs: IDataObject, limits: PageLimits = {}): Promise<PagesRead> {
	const lead = RESOURCES.lead;
	return await readPages(ctx, lead, { method: 'GET', url: lead.list, qs, headers: { Accept: 'application/json' } }, retrySettingsOf(ctx), limits);
}
