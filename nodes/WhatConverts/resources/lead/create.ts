import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { normaliseMaps } from '../../output/normalise';
import { isIdOnly, send, writeResult } from '../../output/senders';
import type { CheckedRequest } from '../../routing/build';
import { route } from '../../routing/route';
import { RESOURCES } from '../../shared/resources';
import { readOne, singleObject } from '../../transport';
import type { Operation } from '../operations';
import { LEAD_TYPES_FOR_AGENTS, leadProfile, leadType, newLeadFields, newLeadOptions } from './parameters';

/** POST /leads, and the new lead as output: the answer, or the id and the fields sent, or (asked for) the lead read back. */
export async function createLead(ctx: IExecuteSingleFunctions, request: CheckedRequest<typeof newLeadOptions>): Promise<IDataObject> {
	const json = writeResult(request, singleObject((await send(ctx, request)).body, request.resource));
	if (!request.unsent.readBack || !isIdOnly(json)) return json;
	// an id-only answer: lead_id is the new lead's id as WhatConverts gave it
	const lead = await readOne(ctx, RESOURCES.lead, { leadId: json.lead_id as number }, request.retry, request.itemIndex, request.options);
	return normaliseMaps(lead);
}

export const leadCreate: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a lead',
	description: 'Record a lead (a call, form, chat, sale, ...) in a profile; outputs the new lead',
	forAgents:
		`Records a new lead (an offline conversion: a call, a form, a sale) in WhatConverts and returns it with its new lead_id. Needs ${LEAD_TYPES_FOR_AGENTS}; the profile is needed with a master key. ` +
		'Optional: email_address, phone_number (E.164, e.g. +15555550123), date_created (ISO 8601 in UTC, default now), quotable (yes, no, pending, not_set), quote_value and sales_value (plain numbers), lead_source, lead_medium, lead_campaign and more. ' +
		'Every call creates another lead: do not call it twice for the same conversion. One API request.',
	properties: [leadType.property, leadProfile.property, newLeadFields.property, newLeadOptions.property],
	routing: route(
		{
			method: 'POST',
			resource: 'lead',
			path: 'list',
			body: [leadType, leadProfile, newLeadFields],
			unsent: [newLeadOptions],
			form: true,
		},
		async function (request) {
			return [{ json: await createLead(this, request) }];
		},
	),
};
