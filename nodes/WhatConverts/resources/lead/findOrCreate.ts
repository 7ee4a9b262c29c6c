import type { IDataObject } from 'n8n-workflow';

import { normaliseMaps } from '../../output/normalise';
import { booleanField, enumField, textField } from '../../parameters/builders';
import { inputError } from '../../parameters/check';
import { DAY_MS, formatApiDate, parseApiDate } from '../../parameters/dates';
import { lookBackDaysField } from '../../parameters/filters';
import { apiNameOf } from '../../parameters/types';
import type { CheckedRequest, Sender } from '../../routing/build';
import { route } from '../../routing/route';
import { nodeOf } from '../../shared/node';
import { RecentMap } from '../../shared/recentMap';
import { jsonGet, readPages } from '../../transport';
import type { Operation } from '../operations';
import { createLead } from './create';
import { LEAD_TYPES_FOR_AGENTS, leadProfile, leadType, newLeadFields, newLeadOptions } from './parameters';

const matchBy = enumField(
	'Match By',
	'matchBy',
	[
		{ name: 'Email Address', value: 'emailAddress' },
		{ name: 'Phone Number', value: 'phoneNumber' },
		{ name: 'Visitor ID', value: 'userId' },
	],
	'emailAddress',
	{ required: true, description: 'What identifies the lead: an existing lead with the same value is returned instead of creating another' },
);

const matchValue = textField('Match Value', 'matchValue', {
	required: true,
	placeholder: 'e.g. {{ $json.email }}',
	description: "This lead's email address, phone number (E.164, e.g. +15555550123) or visitor ID, usually mapped from the item",
});

const lookBackDays = lookBackDaysField(
	"Only leads created this many days before the lead's date (its 'Date Created' when one is given, else now) count as a match",
);

const matchLeadType = booleanField(
	'Match Only This Lead Type',
	'matchLeadType',
	"Whether only a lead of the 'Lead Type' above counts as a match; off: a lead of any type does",
);

// Items of one execution that name the same lead wait for the first and share its lead: two rows
// with one email create one lead. Kept only while their execution may still run, and bounded.
const pending = new RecentMap<Promise<IDataObject>>(30 * 60_000, 50_000);

/** How two values of one identity are told apart: an email without case, a phone number by its digits. */
function identity(apiName: string, value: string): string {
	if (apiName === 'email_address') return value.toLowerCase();
	if (apiName === 'phone_number') return value.replace(/[^\d+]/g, '');
	return value;
}

/**
 * Finds the newest lead with the identifying value (one request for one lead, which also says how
 * many match) and returns it; creates the lead only when none matches, and says which happened.
 */
const findOrCreate: Sender = async function (create: CheckedRequest) {
	const node = nodeOf(this);
	const { itemIndex, settings } = create;
	const matchField = apiNameOf(String(settings.matchBy));
	const value = String(settings.matchValue).trim();
	if (!value) throw inputError(node, 'Match Value is empty', 'Map the email address, phone number or visitor ID of this lead.', itemIndex);
	const days = settings.lookBackDays as number;

	// The window ends at the lead's own date: now, or the Date Created it is given (an offline
	// conversion sent later, or again, is matched with the lead an earlier run made for that date).
	const given = create.sent.date_created;
	const anchor = given ? (parseApiDate(String(given), true) as Date) : new Date();
	const qs: IDataObject = {
		[matchField]: value,
		start_date: formatApiDate(new Date(anchor.getTime() - days * DAY_MS)),
		order: 'desc',
	};
	if (given) qs.end_date = formatApiDate(anchor);
	if (create.sent.profile_id) qs.profile_id = create.sent.profile_id;
	if (settings.matchLeadType) qs.lead_type = create.sent.lead_type;
	// The lead is created with the value it was looked up by, unless its fields give one already.
	const body = { [matchField]: value, ...create.sent };
	const answerForm = { [matchField]: value, ...create.answerForm };

	const key = JSON.stringify([
		this.getExecutionId(),
		node.name,
		qs.profile_id ?? null,
		matchField,
		identity(matchField, value),
		qs.lead_type ?? null,
	]);
	const { value: lead, added: first } = pending.getOrAdd(key, async () => {
		// A lookup whose answer is no list of leads fails the row: treating it as "no match" could make a second lead.
		const lookup = jsonGet(create.options.url, qs, create.options);
		const found = await readPages(this, create.resource, lookup, create.retry, { maxResults: 1 }, itemIndex);
		if (found.items.length) return { ...normaliseMaps(found.items[0]), created: false, matches: found.total ?? found.items.length };
		const made = await createLead(this, { ...create, options: { ...create.options, body }, sent: body, answerForm });
		return { ...made, created: true, matches: 0 };
	});
	const json = await lead;
	// A later item of the run gets the lead the first one found or created: for it, the lead existed.
	return [{ json: first ? json : { ...json, created: false, matches: Math.max(1, Number(json.matches)) } }];
};

export const leadFindOrCreate: Operation = {
	name: 'Find or Create',
	value: 'findOrCreate',
	action: 'Find or create a lead',
	description: 'Return the lead with this email, phone number or visitor ID, or create it when there is none: safe to run again',
	forAgents:
		'Returns the newest lead whose email_address, phone_number or visitor ID (user_id) matches, created within the look-back window (default 30 days), with created: false and how many match; when none matches, creates the lead and returns it with created: true. ' +
		`Use it instead of Create when the same conversion may be sent again. Needs ${LEAD_TYPES_FOR_AGENTS} for a new lead. One API request to look up, one more to create.`,
	properties: [
		matchBy.property,
		matchValue.property,
		lookBackDays.property,
		matchLeadType.property,
		leadType.property,
		leadProfile.property,
		newLeadFields.property,
		newLeadOptions.property,
	],
	routing: route(
		{
			method: 'POST',
			resource: 'lead',
			path: 'list',
			body: [leadType, leadProfile, newLeadFields],
			settings: [matchBy, matchValue, lookBackDays, matchLeadType, newLeadOptions],
			form: true,
		},
		findOrCreate,
	),
};
