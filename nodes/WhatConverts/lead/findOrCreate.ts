import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { booleanField, enumField, textField } from '../shared/fields';
import { MAX_DAYS_PER_LEAD_QUERY } from '../shared/leadFilters';
import { checkValue, formatApiDate, inputError, parseApiDate, toWireName, typed } from '../shared/params';
import { RecentMap } from '../shared/recentMap';
import { nodeOf } from '../transport/connection';
import type { CheckedRequest, Sender } from '../transport/routing';
import { getBeside, normaliseMaps, retrySettingsOf, route } from '../transport/routing';
import { readPages } from '../transport/pagination';
import { createLead, leadFields, leadProfile, leadType } from './create';

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

const lookBackDays = typed('count', {
	displayName: 'Look-Back Window (Days)',
	name: 'lookBackDays',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_DAYS_PER_LEAD_QUERY },
	default: 30,
	description: "Only leads created this many days before the lead's date (its Date Created when one is given, else now) count as a match",
});

const matchLeadType = booleanField(
	'Match Only This Lead Type',
	'matchLeadType',
	'Whether only a lead of the Lead Type above counts as a match; off: a lead of any type does',
);

// Items of one execution that name the same lead wait for the first and share its lead: two rows
// with one email create one lead. Kept only while their execution may still run, and bounded.
const pending = new RecentMap<Promise<IDataObject>>(30 * 60_000, 50_000);

/** How two values of one identity are told apart: an email without case, a phone number by its digits. */
function identity(wire: string, value: string): string {
	if (wire === 'email_address') return value.toLowerCase();
	if (wire === 'phone_number') return value.replace(/[^\d+]/g, '');
	return value;
}

/**
 * Finds the newest lead with the identifying value (one request for one lead, which also says how
 * many match) and returns it; creates the lead only when none matches, and says which happened.
 */
const findOrCreate: Sender = async function (create: CheckedRequest) {
	const node = nodeOf(this);
	const itemIndex = this.getItemIndex();
	const wire = toWireName(String(checkValue(node, matchBy, this.getNodeParameter('matchBy', undefined), itemIndex)));
	const value = String(
		checkValue(node, matchValue, this.getNodeParameter('matchValue', undefined), itemIndex, node.parameters.matchValue),
	).trim();
	if (!value) throw inputError(node, 'Match Value is empty', 'Map the email address, phone number or visitor ID of this lead.', itemIndex);
	const days = checkValue(node, lookBackDays, this.getNodeParameter('lookBackDays', 30), itemIndex) as number;
	const sameType = checkValue(node, matchLeadType, this.getNodeParameter('matchLeadType', false), itemIndex);

	// The window ends at the lead's own date: now, or the Date Created it is given (an offline
	// conversion sent later, or again, is matched with the lead an earlier run made for that date).
	const given = create.sent.date_created;
	const anchor = given ? (parseApiDate(String(given), true) as Date) : new Date();
	const qs: IDataObject = {
		[wire]: value,
		start_date: formatApiDate(new Date(anchor.getTime() - days * 86_400_000)),
		order: 'desc',
	};
	if (given) qs.end_date = formatApiDate(anchor);
	if (create.sent.profile_id) qs.profile_id = create.sent.profile_id;
	if (sameType) qs.lead_type = create.sent.lead_type;
	// The lead is created with the value it was looked up by, unless its fields give one already.
	const body = { [wire]: value, ...create.sent };
	const asAnswered = { [wire]: value, ...create.asAnswered };

	const key = JSON.stringify([this.getExecutionId(), node.name, qs.profile_id ?? null, wire, identity(wire, value), qs.lead_type ?? null]);
	const { value: lead, added: first } = pending.getOrAdd(key, async () => {
		// A lookup whose answer is no list of leads fails the row: treating it as "no match" could make a second lead.
		const lookup = getBeside(create, create.options.url, qs);
		const found = await readPages(this, create.resource, lookup, retrySettingsOf(this), { maxResults: 1 }, itemIndex);
		if (found.items.length) return { ...normaliseMaps(found.items[0]), created: false, matches: found.total ?? found.items.length };
		const made = await createLead(this, { ...create, options: { ...create.options, body }, sent: body, asAnswered });
		return { ...made, created: true, matches: 0 };
	});
	const json = await lead;
	// A later item of the run gets the lead the first one found or created: for it, the lead existed.
	return [{ json: first ? json : { ...json, created: false, matches: Math.max(1, Number(json.matches)) } }];
};

export const leadFindOrCreateRouting = route(
	{ method: 'POST', resource: 'lead', path: 'list', body: [leadType, leadProfile, leadFields], form: true },
	findOrCreate,
);

export const leadFindOrCreateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['findOrCreate'] } },
	[matchBy.property, matchValue.property, lookBackDays.property, matchLeadType.property],
);
