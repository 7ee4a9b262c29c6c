// Leads (list, get, create, edit) and call recordings.

import type { Nested } from '../body';
import {
	LEAD_STATUSES,
	LEAD_TYPES,
	QUOTABLE,
	customerJourney,
	generateLead,
	isoSec,
	looseMap,
	rng,
	type Lead,
	type LeadTypeKey,
	type Store,
} from '../data';
import {
	bad,
	boolField,
	boolParam,
	dateRange,
	enumParam,
	fail,
	idParam,
	intParam,
	mapField,
	numField,
	ok,
	paging,
	q,
	str,
	unknownId,
	type Ctx,
	type Reply,
	type Route,
} from './common';

const TYPE_KEYS = Object.keys(LEAD_TYPES) as LeadTypeKey[];
const STATUS_KEYS = Object.keys(LEAD_STATUSES) as (keyof typeof LEAD_STATUSES)[];
const QUOTABLE_KEYS = Object.keys(QUOTABLE) as (keyof typeof QUOTABLE)[];
const MAX_SPAN_DAYS = 400;

/** account_id / profile_id sent with a profile key: ignored or rejected (undocumented: the server plays each). */
function scopeFiltersWithProfileKey(ctx: Ctx, present: boolean): void {
	if (present && ctx.behaviour.profileKeyScopeFilters === 'reject') {
		throw bad('account_id and profile_id are not supported with a profile API key.');
	}
}

/** Can this key see that lead? */
export function visible(ctx: Ctx, lead: Lead): boolean {
	return ctx.key.kind === 'master' || lead.profile_id === ctx.key.profileId;
}

function findLead(ctx: Ctx, id: number): Lead {
	const lead = ctx.store.lead(id);
	if (!lead || !visible(ctx, lead)) throw unknownId(ctx, 'lead');
	return lead;
}

function withJourney(lead: Lead): Lead & { customer_journey: unknown } {
	return { ...lead, customer_journey: customerJourney(lead) };
}

const digitsOf = (s: string | null | undefined): string => (s ?? '').replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

function listLeads(ctx: Ctx): Reply {
	const { store, key } = ctx;
	const p = paging(ctx, 'leads_per_page', 2500);
	const tests: ((l: Lead) => boolean)[] = [];

	if (key.kind === 'profile') {
		scopeFiltersWithProfileKey(ctx, q(ctx, 'account_id') !== undefined || q(ctx, 'profile_id') !== undefined);
		const own = key.profileId;
		tests.push((l) => l.profile_id === own);
	} else {
		const accountId = intParam(ctx, 'account_id');
		if (accountId !== undefined) {
			if (!store.account(accountId)) throw unknownId(ctx, 'account');
			tests.push((l) => l.account_id === accountId);
		}
		const profileId = intParam(ctx, 'profile_id');
		if (profileId !== undefined) {
			if (!store.profile(profileId)) throw unknownId(ctx, 'profile');
			tests.push((l) => l.profile_id === profileId);
		}
	}

	const type = enumParam(ctx, 'lead_type', TYPE_KEYS);
	if (type) tests.push((l) => l.lead_type === LEAD_TYPES[type]);
	const status = enumParam(ctx, 'lead_status', STATUS_KEYS);
	if (status) tests.push((l) => l.lead_status === LEAD_STATUSES[status]);
	const quotable = enumParam(ctx, 'quotable', QUOTABLE_KEYS);
	if (quotable) tests.push((l) => l.quotable === QUOTABLE[quotable]);
	for (const field of ['quote_value', 'sales_value'] as const) {
		const v = enumParam(ctx, field, ['has_value', 'no_value'] as const);
		if (v === 'has_value') tests.push((l) => l[field] !== null && l[field] !== 0);
		if (v === 'no_value') tests.push((l) => l[field] === null || l[field] === 0);
	}
	const phone = q(ctx, 'phone_number');
	if (phone) {
		const d = digitsOf(phone);
		tests.push((l) => digitsOf(l.phone_number) === d);
	}
	const email = q(ctx, 'email_address')?.toLowerCase();
	if (email) tests.push((l) => l.email_address?.toLowerCase() === email);
	const userId = q(ctx, 'user_id');
	if (userId) tests.push((l) => l.user_id === userId);
	// `true` returns only flagged leads; not sent and `false` as behaviour.flagFilter says
	for (const flag of ['spam', 'duplicate'] as const) {
		const asked = boolParam(ctx, flag);
		const only = asked === undefined ? ctx.behaviour.flagFilter.omitted : asked ? 'flagged' : ctx.behaviour.flagFilter.false;
		if (only === 'flagged') tests.push((l) => l[flag]);
		if (only === 'unflagged') tests.push((l) => !l[flag]);
	}
	if (!ctx.behaviour.listsInProgress) tests.push((l) => l.lead_state === 'Completed');
	for (const field of ['lead_source', 'lead_medium', 'lead_campaign', 'lead_content', 'lead_keyword'] as const) {
		const v = q(ctx, field)?.toLowerCase();
		if (v) tests.push((l) => l[field]?.toLowerCase() === v);
	}
	const journey = boolParam(ctx, 'customer_journey') ?? false;
	const order = enumParam(ctx, 'order', ['asc', 'desc'] as const) ?? 'desc';
	const { from, to } = dateRange(ctx, MAX_SPAN_DAYS);

	const found = matching(store, filterKey(ctx, from, to), tests, from, to);
	const matched = ctx.behaviour.tieOrder === 'shuffled' ? shuffleTies(found, rng(ctx.behaviour.tieSeed * 7919 + ctx.requestNo)) : found;
	const total = matched.length;
	const first = (p.page - 1) * p.size;
	const page: Lead[] = [];
	for (let k = first; k < Math.min(total, first + p.size); k++) page.push(order === 'asc' ? matched[k] : matched[total - 1 - k]);

	// the envelope by hand around each lead's cached JSON
	const parts: Buffer[] = [
		Buffer.from(
			`{"page_number":${p.page},"leads_per_page":${p.size},"total_pages":${Math.ceil(total / p.size)},"total_leads":${total},"leads":[`,
		),
	];
	page.forEach((l, i) => {
		if (i > 0) parts.push(COMMA);
		parts.push(journey ? Buffer.from(JSON.stringify(withJourney(l))) : store.leadBytes(l));
	});
	parts.push(CLOSE);
	return { status: 200, bytes: Buffer.concat(parts), contentType: 'application/json' };
}

/** Leads sharing a date_created in a new order (the API promises none among them). */
function shuffleTies(leads: Lead[], random: () => number): Lead[] {
	const out = leads.slice();
	for (let i = 0; i < out.length; ) {
		let j = i + 1;
		while (j < out.length && out[j].date_created === out[i].date_created) j++;
		for (let k = j - 1; k > i; k--) {
			const m = i + Math.floor(random() * (k - i + 1));
			[out[k], out[m]] = [out[m], out[k]];
		}
		i = j;
	}
	return out;
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** Everything that decides which leads match (not paging, order or customer_journey). */
function filterKey(ctx: Ctx, from: string | undefined, to: string | undefined): string {
	const ignore = new Set(['page_number', 'leads_per_page', 'order', 'customer_journey', 'start_date', 'end_date']);
	const params = Object.keys(ctx.query)
		.filter((k) => !ignore.has(k))
		.sort()
		.map((k) => `${k}=${String(ctx.query[k])}`);
	const { flagFilter, listsInProgress } = ctx.behaviour;
	return [ctx.key.token, ctx.key.profileId, from, to, flagFilter.omitted, flagFilter.false, listsInProgress, ...params].join('&');
}

/**
 * The matching leads in ascending order. Leads are sorted by date, so the date range is two
 * binary searches and the rest one scan; the result is kept while the store is unchanged, so
 * paging through a large result does not scan 100k leads per page.
 */
const recent = new WeakMap<Store, Map<string, { generation: number; leads: Lead[]; length: number; matched: Lead[] }>>();
function matching(store: Store, key: string, tests: ((l: Lead) => boolean)[], from?: string, to?: string): Lead[] {
	let cache = recent.get(store);
	if (!cache) recent.set(store, (cache = new Map()));
	const hit = cache.get(key);
	if (hit && hit.generation === store.generation && hit.leads === store.leads && hit.length === store.leads.length) return hit.matched;

	const lo = from ? store.lowerBound(from) : 0;
	const hi = to ? store.upperBound(to) : store.leads.length;
	const all = store.leads;
	const matched: Lead[] = [];
	outer: for (let i = lo; i < hi; i++) {
		const l = all[i];
		for (let t = 0; t < tests.length; t++) if (!tests[t](l)) continue outer;
		matched.push(l);
	}
	cache.delete(key);
	cache.set(key, { generation: store.generation, leads: store.leads, length: store.leads.length, matched });
	if (cache.size > 16) cache.delete(cache.keys().next().value!);
	return matched;
}

function getLead(ctx: Ctx): Reply {
	const lead = findLead(ctx, idParam(ctx, 0, 'lead'));
	const journey = boolParam(ctx, 'customer_journey') ?? false;
	// always wrapped in the list envelope, unlike the other single GETs
	return ok({ page_number: 1, leads_per_page: 25, total_pages: 1, total_leads: 1, leads: [journey ? withJourney(lead) : lead] });
}

const STRING_FIELDS = [
	'lead_source',
	'lead_medium',
	'lead_campaign',
	'lead_content',
	'lead_keyword',
	'ip_address',
	'email_address',
	'phone_number',
	'user_id',
	'gclid',
	'msclkid',
	'fbclid',
	'fbpid',
	'lead_url',
	'landing_url',
	'operating_system',
	'browser',
	'device_type',
	'device_make',
	'city',
	'state',
	'zip',
	'country',
] as const;
const TYPE_FIELDS: Partial<Record<LeadTypeKey, string[]>> = {
	web_form: ['form_name'],
	phone_call: [
		'phone_name',
		'tracking_number',
		'destination_number',
		'caller_number',
		'caller_name',
		'answer_status',
		'call_transcription',
		'voicemail_transcription',
		'line_type',
	],
	text_message: ['message', 'phone_name', 'tracking_number'],
	event: ['event_category', 'event_action', 'event_label'],
	transaction: ['transaction_id'],
	email: ['sender_name', 'email_subject', 'email_message'],
};

function createLead(ctx: Ctx): Reply {
	const { store, key, body } = ctx;
	const typeIn = str(body.lead_type);
	if (!typeIn) throw bad('lead_type is required.');
	if (!(TYPE_KEYS as string[]).includes(typeIn)) throw bad(`Invalid lead_type: '${typeIn}'. Valid values: ${TYPE_KEYS.join(', ')}.`);
	const type = typeIn as LeadTypeKey;

	let profileId: number;
	if (key.kind === 'profile') {
		scopeFiltersWithProfileKey(ctx, body.profile_id !== undefined || body.account_id !== undefined);
		profileId = key.profileId!;
	} else {
		const raw = str(body.profile_id);
		if (!raw) throw bad('profile_id is required when using a master account API key.');
		if (!/^\d+$/.test(raw)) throw unknownId(ctx, 'profile');
		profileId = Number(raw);
	}
	const profile = store.profile(profileId);
	if (!profile) throw unknownId(ctx, 'profile');
	const account = store.account(profile.account_id)!;

	const quotableIn = str(body.quotable);
	if (quotableIn !== undefined && !(QUOTABLE_KEYS as string[]).includes(quotableIn)) {
		throw bad(`Invalid quotable: '${quotableIn}'. Valid values: ${QUOTABLE_KEYS.join(', ')}.`);
	}
	let created = isoSec(ctx.now());
	const dateIn = str(body.date_created);
	if (dateIn) {
		const ms = Date.parse(
			/^\d{4}-\d\d-\d\d$/.test(dateIn) ? `${dateIn}T00:00:00Z` : /(Z|[+-]\d\d:?\d\d)$/.test(dateIn) ? dateIn : `${dateIn}Z`,
		);
		if (Number.isNaN(ms)) throw bad(`Invalid date_created: '${dateIn}'.`);
		created = isoSec(ms);
	}
	boolField(body, 'send_notification'); // validated, nothing to send
	const quote = numField(body, 'quote_value');
	const sale = numField(body, 'sales_value');
	const additional = mapField(body, 'additional_fields');
	const custom = mapField(body, 'custom_fields');
	const duration = numField(body, 'call_duration_seconds');

	// start from a generated lead for the shape, then blank everything the client did not say
	const lead = generateLead({ leadId: store.nextId.lead++, profile, account, date: created, type, recorded: false });
	const blank = lead as unknown as Record<string, unknown>;
	for (const k of Object.keys(blank)) {
		if (
			typeof blank[k] === 'string' &&
			!['account', 'profile', 'lead_type', 'lead_status', 'date_created', 'last_updated', 'quotable', 'lead_state', 'user_id'].includes(k)
		)
			blank[k] = null;
	}
	Object.assign(lead, {
		lead_score: null,
		spam: false,
		duplicate: false,
		quotable: quotableIn ? QUOTABLE[quotableIn as keyof typeof QUOTABLE] : QUOTABLE.not_set,
		quote_value: quote ?? null,
		sales_value: sale ?? null,
		last_updated: isoSec(ctx.now()),
		additional_fields: looseMap(additional),
		field_mappings: [],
		custom_fields: looseMap(custom),
		lead_analysis: [],
	});
	for (const f of STRING_FIELDS) {
		const v = str(body[f]);
		if (v !== undefined && v !== '') blank[f] = v;
	}
	for (const f of TYPE_FIELDS[type] ?? []) {
		const v = str(body[f]);
		if (v !== undefined && v !== '') blank[f] = v;
	}
	lead.contact_email_address = lead.email_address;
	lead.contact_phone_number = lead.phone_number;
	if (type === 'phone_call') {
		lead.caller_number = lead.caller_number ?? lead.phone_number;
		lead.call_duration_seconds = duration ?? 0;
		lead.call_duration = `${duration ?? 0} seconds`;
		lead.call_status = 'Completed';
		lead.answer_status = lead.answer_status ?? 'Answered';
		lead.recording = null;
		lead.play_recording = null;
	}
	if (type === 'transaction') {
		lead.transaction_tax = numField(body, 'transaction_tax') ?? null;
		lead.transaction_shipping = numField(body, 'transaction_shipping') ?? null;
	}
	if (str(body.wc_client_current)) {
		// the visitor cookie carries attribution; without the real format, keep what was sent
		lead.lead_source = lead.lead_source ?? '(wc_client)';
	}
	lead.lead_status = isRepeat(store, lead) ? LEAD_STATUSES.repeat : LEAD_STATUSES.unique;
	store.insertLead(lead);
	return writtenLead(ctx, lead);
}

function isRepeat(store: Store, lead: Lead): boolean {
	const phone = digitsOf(lead.phone_number);
	const email = lead.email_address?.toLowerCase();
	if (!phone && !email) return false;
	return store.leads.some(
		(l) =>
			l.profile_id === lead.profile_id &&
			((phone && digitsOf(l.phone_number) === phone) || (email && l.email_address?.toLowerCase() === email)),
	);
}

function writtenLead(ctx: Ctx, lead: Lead): Reply {
	return ctx.behaviour.writeAnswer === 'idOnly' ? ok({ lead_id: lead.lead_id }) : ok(lead);
}

function editLead(ctx: Ctx): Reply {
	const lead = findLead(ctx, idParam(ctx, 0, 'lead'));
	applyLeadEdit(lead, ctx.body, ctx.now());
	ctx.store.touch(lead);
	return writtenLead(ctx, lead);
}

/** Only these fields are editable; everything else in the body is ignored. */
export function applyLeadEdit(lead: Lead, body: Nested, now: number): void {
	const quotableIn = str(body.quotable);
	if (quotableIn !== undefined && !(QUOTABLE_KEYS as string[]).includes(quotableIn)) {
		throw bad(`Invalid quotable: '${quotableIn}'. Valid values: ${QUOTABLE_KEYS.join(', ')}.`);
	}
	const quote = numField(body, 'quote_value');
	const sale = numField(body, 'sales_value');
	const additional = mapField(body, 'additional_fields');
	const custom = mapField(body, 'custom_fields');
	if (quotableIn) lead.quotable = QUOTABLE[quotableIn as keyof typeof QUOTABLE];
	if (quote !== undefined) lead.quote_value = quote;
	if (sale !== undefined) lead.sales_value = sale;
	const url = str(body.lead_url);
	if (url !== undefined) lead.lead_url = url === '' ? null : url;
	if (additional)
		lead.additional_fields = looseMap({ ...(Array.isArray(lead.additional_fields) ? {} : lead.additional_fields), ...additional });
	if (custom) lead.custom_fields = looseMap({ ...(Array.isArray(lead.custom_fields) ? {} : lead.custom_fields), ...custom });
	lead.last_updated = isoSec(now);
}

function getRecording(ctx: Ctx): Reply {
	const raw = q(ctx, 'lead_id');
	if (!raw) throw bad('lead_id is required.');
	if (!/^\d+$/.test(raw)) throw unknownId(ctx, 'lead');
	const lead = findLead(ctx, Number(raw));
	const bytes = ctx.store.recordings.get(lead.lead_id);
	if (!bytes) return fail(ctx.behaviour.recordingMissing, 'No recording found for this lead.');
	return {
		status: 200,
		bytes,
		contentType: 'audio/mpeg',
		headers: { 'Content-Disposition': `attachment; filename="recording-${lead.lead_id}.mp3"` },
	};
}

export const leadRoutes: Route[] = [
	{ method: 'GET', pattern: /^\/leads$/, handler: listLeads },
	{ method: 'POST', pattern: /^\/leads$/, handler: createLead },
	{ method: 'GET', pattern: /^\/leads\/(\d+)$/, handler: getLead },
	{ method: 'POST', pattern: /^\/leads\/(\d+)$/, handler: editLead },
	{ method: 'GET', pattern: /^\/recording$/, handler: getRecording },
];
