import type { IDataObject, IExecuteSingleFunctions, INode, INodePropertyOptions } from 'n8n-workflow';

import { normaliseMaps } from '../../output/normalise';
import { booleanField, countField, enumField, textField } from '../../parameters/builders';
import { inputError, shown } from '../../parameters/check';
import { DAY_MS, formatApiDate, parseApiDate } from '../../parameters/dates';
import { lookBackDaysField } from '../../parameters/filters';
import type { IdentityField } from '../../parameters/identity';
import { identityForm, normalIdentity } from '../../parameters/identity';
import { apiNameOf } from '../../parameters/types';
import type { CheckedRequest, Sender } from '../../routing/build';
import { route } from '../../routing/route';
import { nodeOf } from '../../shared/node';
import { OneAtATime } from '../../shared/recentMap';
import { formatCount } from '../../shared/text';
import { credentialKey, jsonGet, readPages } from '../../transport';
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
	description:
		"This lead's email address, phone number or visitor ID, usually mapped from the item. An email is matched without case, a phone number in E.164 (+15555550123) whatever its spelling.",
});

const defaultCountryCode = countField(
	'Default Country Code',
	'defaultCountryCode',
	1,
	{ minValue: 1, maxValue: 999 },
	{
		required: true,
		description:
			'The country calling code of phone numbers given without + or 00: 1 for the US and Canada, 44 for the UK, 61 for Australia',
		displayOptions: { show: { matchBy: ['phoneNumber'] } },
	},
);

const matchWindow = enumField(
	'Match Window',
	'matchWindow',
	[
		{
			name: 'Look-Back Window',
			value: 'lookBack',
			description: "A lead with this value created in the days before this lead's date counts: one lead per customer",
		},
		{
			name: 'Same Date Created (One Lead per Sale)',
			value: 'dateCreated',
			description:
				"Each sale of a customer is a lead of its own: a lead with this value and this sale's 'Transaction ID' counts when one is mapped, else only one created at this lead's 'Date Created', to the second",
		},
	],
	'lookBack',
	{ required: true, description: 'Which existing leads with this value count as this lead' },
);

const lookBackDays = lookBackDaysField(
	"Only leads created this many days before the lead's date (its 'Date Created' when one is given, else now) count as a match",
	{ displayOptions: { show: { matchWindow: ['lookBack'] } } },
);

const matchLeadType = booleanField(
	'Match Only This Lead Type',
	'matchLeadType',
	"Whether only a lead of the 'Lead Type' above counts as a match; off: a lead of any type does",
);

// Every execution of this process that asks for a lead someone is finding or creating waits for it:
// two runs at once with the same row make one lead. Across processes (queue-mode workers) nothing is shared.
const underWay = new OneAtATime<IDataObject>();

// Lists leave spam and duplicate leads out unless asked for them, and `spam=true` / `duplicate=true`
// return only those: a lead marked both comes only with both. What `false` does is not said, so it is never sent.
const MARKED: IDataObject[] = [{ spam: 'true' }, { duplicate: 'true' }, { spam: 'true', duplicate: 'true' }];

interface Found {
	lead?: IDataObject;
	matches: number;
}

const secondOf = (date: unknown) => parseApiDate(String(date ?? ''))?.getTime();

const newest = (leads: IDataObject[]) =>
	leads.reduce<IDataObject | undefined>((best, lead) => {
		if (!best) return lead;
		const [a, b] = [secondOf(lead.date_created) ?? 0, secondOf(best.date_created) ?? 0];
		return a > b || (a === b && Number(lead.lead_id) > Number(best.lead_id)) ? lead : best;
	}, undefined);

/** Which of the identity's leads is this sale: the one with its Transaction ID, or the one created at its second. */
type SaleMatch = (lead: IDataObject) => boolean;

/**
 * One lookup: the newest match (one lead asked for, the answer says how many match), or for a sale
 * every lead of the query (every page), of which only the sale's count.
 */
async function lookUp(ctx: IExecuteSingleFunctions, create: CheckedRequest, qs: IDataObject, sale?: SaleMatch): Promise<Found> {
	// An answer that is no list of leads fails the row: taken as "no match", it could make a second lead.
	const lookup = jsonGet(create.options.url, qs, create.options);
	const limits = sale === undefined ? { maxResults: 1 } : { maxPages: SALE_PAGES_AT_MOST };
	const read = await readPages(ctx, create.resource, lookup, create.retry, limits, create.itemIndex);
	if (sale === undefined) return { lead: read.items[0], matches: read.total ?? read.items.length };
	const leads = read.items.filter(sale);
	if (!leads.length && !read.complete) {
		// not found among the pages read: the sale may be on one not read, and a create could repeat it
		throw inputError(
			nodeOf(ctx),
			`More than ${formatCount(SALE_PAGES_AT_MOST * (create.resource.pageSize?.max ?? 1))} leads of this customer around this sale's date: the sale was not looked for among all of them`,
			"Narrow the lookup: turn on 'Match Only This Lead Type', pick the Profile, or send the sale's 'Date Created'.",
			create.itemIndex,
		);
	}
	return { lead: leads[0], matches: leads.length };
}

/** The lead a create would repeat: among unmarked leads first (one request), then among spam and duplicates (three at once). */
async function findLead(ctx: IExecuteSingleFunctions, create: CheckedRequest, qs: IDataObject, sale?: SaleMatch): Promise<Found> {
	const unmarked = await lookUp(ctx, create, qs, sale);
	if (unmarked.lead) return unmarked;
	const marked = await Promise.all(MARKED.map(async (flags) => await lookUp(ctx, create, { ...qs, ...flags }, sale)));
	return {
		lead: newest(marked.flatMap((found) => (found.lead ? [found.lead] : []))),
		matches: marked.reduce((sum, found) => sum + found.matches, 0),
	};
}

/** A sale's lookup reads this many pages at most (of the API's largest, 2,500 leads): 10,000 leads of one customer. */
const SALE_PAGES_AT_MOST = 4;

/** Days either side of a sale's date that its Transaction ID is looked for in: a date may be read in the account's zone. */
const SALE_DAYS_AROUND = 2;

/** The sale's Transaction ID, when one is mapped (trimmed; an empty one is none). */
function transactionIdOf(create: CheckedRequest): string | undefined {
	const given = create.sent.transaction_id;
	if (given === undefined || given === null) return undefined;
	const id = String(given).trim();
	return id || undefined;
}

/** The sale's Date Created, to the second: required, with its time of day (when it has no Transaction ID). */
function saleSecond(node: INode, create: CheckedRequest): Date {
	const given = create.sent.date_created;
	const how =
		"With 'Match Window' set to Same Date Created, a customer's sales are told apart by their 'Transaction ID' (map it in 'Additional Fields') or else by their time";
	if (given === undefined) {
		throw inputError(
			node,
			'Date Created is empty',
			`${how}: add 'Date Created' to 'Additional Fields' and map the sale's date and time, e.g. 2025-05-02T14:30:00Z.`,
			create.itemIndex,
		);
	}
	if (/^\d{4}-\d{2}-\d{2}$/.test(String(given))) {
		throw inputError(
			node,
			`Date Created "${String(given)}" has no time of day`,
			`${how}: map the sale's date and time to the second, e.g. ${String(given)}T14:30:00Z.`,
			create.itemIndex,
		);
	}
	return parseApiDate(String(given)) as Date;
}

/** What Find or Create reads and does not send: how to match, and Read Back. */
const UNSENT = [matchBy, matchValue, defaultCountryCode, matchWindow, lookBackDays, matchLeadType, newLeadOptions];

/**
 * Finds the lead with the identifying value (its newest, and how many match) and returns it; creates
 * the lead only when none matches, and says which happened. The value is brought to one form first,
 * and that form is looked up, remembered and created.
 */
const findOrCreate: Sender<(typeof UNSENT)[number]> = async function (create) {
	const node = nodeOf(this);
	const { itemIndex, unsent } = create;
	// matchBy is checked as one of its options, each an identity field's name
	const matchField = apiNameOf(unsent.matchBy) as IdentityField;
	const given = unsent.matchValue;
	if (!given.trim())
		throw inputError(node, 'Match Value is empty', 'Map the email address, phone number or visitor ID of this lead.', itemIndex);
	const countryCode = unsent.defaultCountryCode;
	const value = normalIdentity(node, 'Match Value', matchField, given, countryCode, itemIndex);

	// A lead created with another value than it was looked up by would never be found again.
	const label = (matchBy.property.options as INodePropertyOptions[]).find((option) => option.value === unsent.matchBy)!.name;
	const alsoGiven = create.sent[matchField];
	if (alsoGiven !== undefined && identityForm(matchField, String(alsoGiven), countryCode) !== value) {
		throw inputError(
			node,
			`${label} "${shown(alsoGiven)}" in Additional Fields differs from the Match Value "${shown(given)}"`,
			`The lead is looked up and created with the 'Match Value' (${value}): take '${label}' out of 'Additional Fields', or map the same value into both.`,
			itemIndex,
		);
	}

	const bySale = unsent.matchWindow === 'dateCreated';
	const days = unsent.lookBackDays;
	const qs: IDataObject = { [matchField]: value, order: 'desc' };
	// A sale with its Transaction ID is that id, whatever its date says (a day without a time, or
	// a second shared with another sale of the customer).
	const transactionId = bySale ? transactionIdOf(create) : undefined;
	let sale: SaleMatch | undefined;
	if (transactionId !== undefined) {
		// The API filters no lead by transaction_id: the identity's transaction leads are read (every
		// page) around the sale's date, two days either side for a date without a zone or time, or
		// over the look-back days up to now when the row has no date; the id is matched here.
		sale = (lead) =>
			lead.transaction_id !== undefined && lead.transaction_id !== null && String(lead.transaction_id).trim() === transactionId;
		const dated = create.sent.date_created;
		const anchor = dated ? parseApiDate(String(dated)) : undefined;
		if (dated && !anchor)
			throw inputError(
				node,
				`Date Created "${shown(dated)}" is not a date`,
				"Map the sale's date, e.g. 2025-05-02 or 2025-05-02T14:30:00Z.",
				itemIndex,
			);
		qs.start_date = formatApiDate(new Date((anchor?.getTime() ?? Date.now()) - (anchor ? SALE_DAYS_AROUND : days) * DAY_MS));
		qs.end_date = formatApiDate(new Date(anchor ? anchor.getTime() + SALE_DAYS_AROUND * DAY_MS : Date.now()));
		qs.lead_type = create.sent.lead_type;
	} else if (bySale) {
		// The sale's own second; a second either side, as the API does not say whether its bounds
		// include their own second: the leads of the answer are held to the exact second here.
		const second = saleSecond(node, create).getTime();
		sale = (lead) => secondOf(lead.date_created) === second;
		qs.start_date = formatApiDate(new Date(second - 1000));
		qs.end_date = formatApiDate(new Date(second + 1000));
	} else {
		// The window ends at the lead's own date: now, or the Date Created it is given (an offline
		// conversion sent later, or again, is matched with the lead an earlier run made for that date).
		const dated = create.sent.date_created;
		const anchor = dated ? (parseApiDate(String(dated), true) as Date) : new Date();
		qs.start_date = formatApiDate(new Date(anchor.getTime() - days * DAY_MS));
		if (dated) qs.end_date = formatApiDate(anchor);
	}
	if (create.sent.profile_id) qs.profile_id = create.sent.profile_id;
	if (unsent.matchLeadType) qs.lead_type = create.sent.lead_type;
	// The lead is created with the value it was looked up by.
	const withValue = (fields: IDataObject) => ({
		[matchField]: value,
		...Object.fromEntries(Object.entries(fields).filter(([name]) => name !== matchField)),
	});
	const body = withValue(create.sent);
	const answerForm = withValue(create.answerForm);

	// One lead at a time per credential, profile and identity in this process; the same question
	// asked meanwhile (any execution) shares the answer, another one waits and then looks again.
	const identity = JSON.stringify([credentialKey(this), qs.profile_id ?? null, matchField, value]);
	const question = JSON.stringify([
		qs.lead_type ?? null,
		transactionId !== undefined ? ['transaction', transactionId] : bySale ? qs.start_date : [days, create.sent.date_created ?? null],
	]);
	const { value: lead, shared } = underWay.run(identity, question, async () => {
		const found = await findLead(this, create, qs, sale);
		if (found.lead) return { ...normaliseMaps(found.lead), created: false, matches: found.matches };
		const made = await createLead(this, { ...create, options: { ...create.options, body }, sent: body, answerForm });
		return { ...made, created: true, matches: 0 };
	});
	const json = await lead;
	// An item that waited for another's lead gets it: for it, the lead existed.
	return [{ json: shared ? { ...json, created: false, matches: Math.max(1, Number(json.matches)) } : json }];
};

export const leadFindOrCreate: Operation = {
	name: 'Find or Create',
	value: 'findOrCreate',
	action: 'Find or create a lead',
	description: 'Return the lead with this email, phone number or visitor ID, or create it when there is none: safe to run again',
	forAgents:
		'Returns the newest lead whose email_address, phone_number or visitor ID (user_id) matches, created within the look-back window (default 30 days), with created: false and how many match (spam and duplicate leads included); when none matches, creates the lead and returns it with created: true. ' +
		"The value is matched in one form: an email without case, a phone number in E.164 (+15555550123; national numbers of the default country code, 1 unless set, are converted), a visitor ID trimmed. With match window dateCreated, one lead per sale: a lead with the Transaction ID given matches (among the identity's transaction leads two days either side of the Date Created, every page read), or without a Transaction ID only a lead created at the Date Created given, to the second. " +
		`Use it instead of Create when the same conversion may be sent again. Needs ${LEAD_TYPES_FOR_AGENTS} for a new lead. One API request when a lead not marked spam or duplicate matches; otherwise four lookups, and one create when none matches.`,
	properties: [
		matchBy.property,
		matchValue.property,
		defaultCountryCode.property,
		matchWindow.property,
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
			unsent: UNSENT,
			form: true,
		},
		findOrCreate,
	),
};
