// The test server's data: types as the API shows them, the in-memory store, and
// deterministic seed / demo data (seeded PRNG, never Math.random).

// ---------- enums: snake_case in, display labels out ----------

export const LEAD_TYPES = {
	appointment: 'Appointment',
	chat: 'Chat',
	email: 'Email',
	event: 'Event',
	other: 'Other',
	phone_call: 'Phone Call',
	text_message: 'Text Message',
	transaction: 'Transaction',
	web_form: 'Web Form',
} as const;
export const LEAD_STATUSES = { unique: 'Unique', repeat: 'Repeat' } as const;
export const QUOTABLE = { yes: 'Yes', no: 'No', pending: 'Pending', not_set: 'Not Set' } as const;
export type LeadTypeKey = keyof typeof LEAD_TYPES;

/** snake_case value or display label → display label (undefined when neither). */
export function toLabel(map: Record<string, string>, v: unknown): string | undefined {
	if (typeof v !== 'string') return undefined;
	if (v in map) return map[v];
	return Object.values(map).find((label) => label.toLowerCase() === v.toLowerCase());
}

// ---------- objects ----------

/** A map that the API renders as [] when empty (a PHP-ism). */
export type LooseMap = Record<string, string> | [];

export interface JourneyTouch {
	date: string;
	lead_source: string | null;
	lead_medium: string | null;
	lead_campaign: string | null;
	lead_content: string | null;
	lead_keyword: string | null;
	landing_url: string | null;
}

export interface Lead {
	account_id: number;
	account: string;
	profile_id: number;
	profile: string;
	lead_id: number;
	user_id: string;
	lead_type: string;
	lead_status: string;
	date_created: string;
	last_updated: string;
	quotable: string;
	quote_value: number | null;
	sales_value: number | null;
	spotted_keywords: string | null;
	lead_score: number | null;
	/** 'In Progess' is WhatConverts' own spelling in some answers */
	lead_state: 'Completed' | 'In Progress' | 'In Progess';
	spam: boolean;
	duplicate: boolean;
	lead_source: string | null;
	lead_medium: string | null;
	lead_campaign: string | null;
	lead_content: string | null;
	lead_keyword: string | null;
	lead_url: string | null;
	landing_url: string | null;
	ip_address: string | null;
	operating_system: string | null;
	browser: string | null;
	device_type: string | null;
	device_make: string | null;
	notes: string | null;
	contact_name: string | null;
	contact_company_name: string | null;
	contact_email_address: string | null;
	contact_phone_number: string | null;
	email_address: string | null;
	phone_number: string | null;
	city: string | null;
	state: string | null;
	zip: string | null;
	country: string | null;
	gclid: string | null;
	msclkid: string | null;
	// tidy leads use the create body's names; real ones the answers' names below
	fbclid?: string | null;
	fbpid?: string | null;
	ga_client_id?: string | null;
	facebook_click_id?: string | null;
	facebook_browser_id?: string | null;
	google_analytics_client_id?: string | null;
	additional_fields: LooseMap;
	field_mappings: LooseMap;
	custom_fields: LooseMap;
	lead_analysis: LooseMap;
	// web_form
	form_name?: string | null;
	// phone_call (text_message shares phone_name / tracking_number)
	phone_name?: string | null;
	tracking_number?: string | null;
	destination_number?: string | null;
	caller_number?: string | null;
	caller_name?: string | null;
	caller_city?: string | null;
	caller_state?: string | null;
	caller_country?: string | null;
	call_duration?: string | null;
	call_duration_seconds?: number | null;
	call_status?: string | null;
	answer_status?: string | null;
	call_transcription?: string | null;
	voicemail_transcription?: string | null;
	line_type?: string | null;
	recording?: string | null;
	play_recording?: string | null;
	// text_message
	message?: string | null;
	// event
	event_category?: string | null;
	event_action?: string | null;
	event_label?: string | null;
	// transaction
	transaction_id?: string | null;
	transaction_tax?: number | null;
	transaction_shipping?: number | null;
	// email
	sender_name?: string | null;
	email_subject?: string | null;
	email_message?: string | null;
}

export interface Account {
	account_id: number;
	account_name: string;
	date_created: string;
}
export interface Profile {
	profile_id: number;
	account_id: number;
	profile_name: string;
	date_created: string;
}
export interface UserAccountAccess {
	account_id: number;
	role_id: number | null;
}
export interface User {
	user_id: number;
	user_type: 'master_account_user' | 'account_user';
	email: string;
	pending_activation: boolean;
	date_created: string;
	role_id: number | null;
	new_account_notifications: boolean;
	accounts: UserAccountAccess[];
}
export type Permission = 'none' | 'view' | 'edit';
export interface Role {
	role_id: number;
	role_type: 'master_account_role' | 'account_role';
	role_name: string;
	lead_notifications: Record<string, boolean>;
	permissions: Record<string, Permission>;
}
export interface TrackingNumber {
	phone_number_id: number;
	account_id: number;
	profile_id: number;
	phone_name: string;
	tracking_number: number;
	tracking_number_iso_country: string;
	destination_number: number;
	destination_number_iso_country: string;
	swap_number: number | null;
	call_flow: string;
	trigger: string;
	source: string;
	medium: string;
	campaign: string | null;
	date_created: string;
}
export interface TrackingForm {
	form_id: number;
	account_id: number;
	profile_id: number;
	form_name: string;
	form_url: string;
	date_created: string;
}

// ---------- helpers ----------

/** ISO 8601 UTC with second resolution and Z: the one format every stored timestamp uses. */
export function isoSec(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** Every ISO date string value of a JSON text zone-less ('2025-01-31 13:45:00', still UTC). */
export function zoneless(json: string): string {
	return json.replace(/"(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)Z"/g, '"$1 $2"');
}

/** Normalises any parseable date string to isoSec form (undefined if unparseable). */
export function normaliseDate(v: string): string | undefined {
	const ms = Date.parse(/^\d{4}-\d\d-\d\d$/.test(v) ? v + 'T00:00:00Z' : v);
	return Number.isNaN(ms) ? undefined : isoSec(ms);
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
function weighted<T>(r: () => number, xs: readonly (readonly [T, number])[]): T {
	let total = 0;
	for (const [, w] of xs) total += w;
	let x = r() * total;
	for (const [v, w] of xs) if ((x -= w) < 0) return v;
	return xs[xs.length - 1][0];
}

export function looseMap(m: Record<string, string> | [] | undefined | null): LooseMap {
	return m && !Array.isArray(m) && Object.keys(m).length > 0 ? m : [];
}

// ---------- recordings: tiny fake MP3s ----------

/** MPEG-1 Layer III frame header FF FB 90 00: 128 kbit/s, 44.1 kHz; 417-byte frames. */
function mp3(frames: number, withId3: boolean, title: string): Buffer {
	const frame = Buffer.alloc(417);
	frame.writeUInt32BE(0xfffb9000, 0);
	const body = Buffer.concat(Array.from({ length: frames }, () => frame));
	if (!withId3) return body;
	const text = Buffer.from(`\u0003${title}`, 'utf8'); // encoding byte 3 = UTF-8
	const tit2 = Buffer.alloc(10);
	tit2.write('TIT2', 0, 'latin1');
	tit2.writeUInt32BE(syncsafe(text.length), 4);
	const tag = Buffer.concat([tit2, text]);
	const head = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]); // "ID3" v2.4
	head.writeUInt32BE(syncsafe(tag.length), 6);
	return Buffer.concat([head, tag, body]);
}
function syncsafe(n: number): number {
	return (n & 0x7f) | ((n & 0x3f80) << 1) | ((n & 0x1fc000) << 2) | ((n & 0xfe00000) << 3);
}
/** A handful of shared buffers: bulk leads cost no memory per recording. */
const RECORDING_VARIANTS: Buffer[] = [mp3(4, true, 'Call recording'), mp3(6, false, ''), mp3(8, true, 'Inbound call'), mp3(5, false, '')];
export function recordingFor(leadId: number): Buffer {
	return RECORDING_VARIANTS[leadId % RECORDING_VARIANTS.length];
}

// ---------- the store ----------

const byDateThenId = (a: Lead, b: Lead): number =>
	a.date_created < b.date_created ? -1 : a.date_created > b.date_created ? 1 : a.lead_id - b.lead_id;

export class Store {
	accounts: Account[] = [];
	profiles: Profile[] = [];
	users: User[] = [];
	roles: Role[] = [];
	numbers: TrackingNumber[] = [];
	forms: TrackingForm[] = [];
	/** Always sorted ascending by (date_created, lead_id); change it through the methods below. */
	leads: Lead[] = [];
	/** lead_id → MP3 bytes */
	recordings = new Map<number, Buffer>();
	nextId = { account: 1001, profile: 2001, user: 3001, role: 4001, number: 5001, form: 6001, lead: 70000001 };

	/**
	 * Bumped by every lead change made through this class (insert, remove, touch), so
	 * caches built on the leads know when they are stale.
	 */
	generation = 0;
	/**
	 * Each lead's JSON, built once: a page of 2500 leads is one Buffer.concat, not 2500
	 * JSON.stringify runs. The stamp (last_updated) also catches direct edits that bump it.
	 */
	private json = new WeakMap<Lead, { stamp: string; bytes: Buffer }>();
	leadBytes(lead: Lead): Buffer {
		const hit = this.json.get(lead);
		if (hit && hit.stamp === lead.last_updated) return hit.bytes;
		const bytes = Buffer.from(JSON.stringify(lead), 'utf8');
		this.json.set(lead, { stamp: lead.last_updated, bytes });
		return bytes;
	}
	/** Call after changing a Lead object directly (updateLead() and the API do it for you). */
	touch(lead: Lead): void {
		this.json.delete(lead);
		this.generation++;
	}

	account(id: number): Account | undefined {
		return this.accounts.find((a) => a.account_id === id);
	}
	profile(id: number): Profile | undefined {
		return this.profiles.find((p) => p.profile_id === id);
	}
	role(id: number): Role | undefined {
		return this.roles.find((r) => r.role_id === id);
	}
	lead(id: number): Lead | undefined {
		// newest leads are the likeliest lookups
		for (let i = this.leads.length - 1; i >= 0; i--) if (this.leads[i].lead_id === id) return this.leads[i];
		return undefined;
	}

	insertLead(lead: Lead): void {
		this.generation++;
		const xs = this.leads;
		if (xs.length === 0 || byDateThenId(xs[xs.length - 1], lead) <= 0) xs.push(lead);
		else xs.splice(this.lowerBound(lead.date_created, lead.lead_id), 0, lead);
	}
	insertLeads(batch: Lead[]): void {
		this.generation++;
		const wasSorted = this.leads.length === 0 || batch.length === 0 || byDateThenId(this.leads[this.leads.length - 1], batch[0]) <= 0;
		for (const l of batch) this.leads.push(l);
		if (!wasSorted || !isSorted(batch)) this.leads.sort(byDateThenId);
	}
	removeLead(lead: Lead): void {
		this.generation++;
		const i = this.leads.indexOf(lead);
		if (i !== -1) this.leads.splice(i, 1);
	}
	removeLeadsWhere(pred: (l: Lead) => boolean): void {
		this.generation++;
		const keep: Lead[] = [];
		for (const l of this.leads) {
			if (pred(l)) this.recordings.delete(l.lead_id);
			else keep.push(l);
		}
		this.leads = keep;
	}

	/** First index whose (date, id) ≥ (date, id). */
	lowerBound(date: string, id = -Infinity): number {
		let lo = 0;
		let hi = this.leads.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const l = this.leads[mid];
			if (l.date_created < date || (l.date_created === date && l.lead_id < id)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
	/** First index whose date > date. */
	upperBound(date: string): number {
		let lo = 0;
		let hi = this.leads.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.leads[mid].date_created <= date) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}

function isSorted(xs: Lead[]): boolean {
	for (let i = 1; i < xs.length; i++) if (byDateThenId(xs[i - 1], xs[i]) > 0) return false;
	return true;
}

// ---------- keys ----------

export interface ApiKey {
	token: string;
	secret: string;
	kind: 'profile' | 'master';
	accountId?: number;
	profileId?: number;
}
export const MASTER_KEY: ApiKey = { token: 'master-token-0001', secret: 'master-secret-s3cr3t', kind: 'master' };
export const PROFILE_KEY: ApiKey = {
	token: 'profile-token-0001',
	secret: 'profile-secret-s3cr3t',
	kind: 'profile',
	accountId: 1001,
	profileId: 2001,
};
export const OTHER_PROFILE_KEY: ApiKey = {
	token: 'profile-token-0002',
	secret: 'profile-secret-0002',
	kind: 'profile',
	accountId: 1002,
	profileId: 2003,
};

// ---------- the agency (same in both seeds) ----------

interface Site {
	account: string;
	city: string;
	state: string;
	zip: string;
	area: string;
	domain: string;
	industry: 'plumbing' | 'dental' | 'roofing';
	profiles: [string, string][]; // [profile name, host]
}
const SITES: Site[] = [
	{
		account: 'Acme Plumbing & Heating',
		city: 'Austin',
		state: 'TX',
		zip: '78701',
		area: '512',
		domain: 'acmeplumbing.com',
		industry: 'plumbing',
		profiles: [
			['acmeplumbing.com', 'www.acmeplumbing.com'],
			['Acme Plumbing - Emergency Landing Pages', 'go.acmeplumbing.com'],
		],
	},
	{
		account: 'Brightside Dental',
		city: 'Portland',
		state: 'OR',
		zip: '97205',
		area: '503',
		domain: 'brightsidedental.com',
		industry: 'dental',
		profiles: [
			['brightsidedental.com', 'www.brightsidedental.com'],
			['Brightside Dental - Eastside Office', 'eastside.brightsidedental.com'],
		],
	},
	{
		account: 'Summit Roofing Co.',
		city: 'Denver',
		state: 'CO',
		zip: '80202',
		area: '303',
		domain: 'summitroofing.co',
		industry: 'roofing',
		profiles: [
			['summitroofing.co', 'www.summitroofing.co'],
			['Summit Roofing - Storm Repair', 'storm.summitroofing.co'],
		],
	},
];

const PERMISSION_AREAS = ['leads', 'reports', 'tracking', 'integrations', 'accounts', 'users', 'billing', 'settings'];
function perms(level: (area: string) => Permission): Record<string, Permission> {
	return Object.fromEntries(PERMISSION_AREAS.map((a) => [a, level(a)]));
}
function notifications(on: boolean | LeadTypeKey[]): Record<string, boolean> {
	return Object.fromEntries(
		(Object.keys(LEAD_TYPES) as LeadTypeKey[]).map((t) => [t, on === true || (Array.isArray(on) && on.includes(t))]),
	);
}

/** Accounts, profiles, users, roles, tracking numbers and forms: identical in the empty and demo seeds. */
export function seedAgency(store: Store): void {
	SITES.forEach((site, i) => {
		const acc: Account = {
			account_id: store.nextId.account++,
			account_name: site.account,
			date_created: isoSec(Date.UTC(2021, 2 + i * 4, 9 + i, 15, 12, 40)),
		};
		store.accounts.push(acc);
		site.profiles.forEach(([name], j) => {
			store.profiles.push({
				profile_id: store.nextId.profile++,
				account_id: acc.account_id,
				profile_name: name,
				date_created: isoSec(Date.UTC(2021, 2 + i * 4 + j * 2, 9 + i, 15, 20 + j, 5)),
			});
		});
	});

	const role = (type: Role['role_type'], name: string, n: Role['lead_notifications'], p: Role['permissions']): Role => {
		const r: Role = { role_id: store.nextId.role++, role_type: type, role_name: name, lead_notifications: n, permissions: p };
		store.roles.push(r);
		return r;
	};
	const admin = role(
		'master_account_role',
		'Administrator',
		notifications(true),
		perms(() => 'edit'),
	);
	const manager = role(
		'master_account_role',
		'Account Manager',
		notifications(['phone_call', 'web_form']),
		perms((a) => (a === 'billing' ? 'none' : a === 'users' || a === 'settings' ? 'view' : 'edit')),
	);
	role(
		'master_account_role',
		'Analyst',
		notifications(false),
		perms((a) => (['leads', 'reports', 'tracking'].includes(a) ? 'view' : 'none')),
	);
	const accAdmin = role(
		'account_role',
		'Account Admin',
		notifications(true),
		perms((a) => (a === 'billing' || a === 'accounts' ? 'none' : 'edit')),
	);
	const leadMgr = role(
		'account_role',
		'Lead Manager',
		notifications(['phone_call', 'web_form', 'chat']),
		perms((a) => (a === 'leads' ? 'edit' : a === 'reports' ? 'view' : 'none')),
	);
	role(
		'account_role',
		'Read Only',
		notifications(false),
		perms((a) => (['leads', 'reports'].includes(a) ? 'view' : 'none')),
	);

	const user = (
		type: User['user_type'],
		email: string,
		roleId: number | null,
		created: number,
		accounts: UserAccountAccess[] = [],
		pending = false,
	): void => {
		store.users.push({
			user_id: store.nextId.user++,
			user_type: type,
			email,
			pending_activation: pending,
			date_created: isoSec(created),
			role_id: roleId,
			new_account_notifications: type === 'master_account_user',
			accounts,
		});
	};
	user('master_account_user', 'owner@northwind-agency.example', admin.role_id, Date.UTC(2021, 1, 2, 14, 0, 0));
	user('master_account_user', 'dana.ortiz@northwind-agency.example', manager.role_id, Date.UTC(2022, 4, 17, 16, 30, 0));
	user('master_account_user', 'sam.lee@northwind-agency.example', manager.role_id, Date.UTC(2024, 8, 3, 13, 5, 0), [], true);
	user('account_user', 'office@acmeplumbing.example', null, Date.UTC(2021, 3, 1, 18, 0, 0), [
		{ account_id: 1001, role_id: accAdmin.role_id },
	]);
	user('account_user', 'frontdesk@brightsidedental.example', null, Date.UTC(2021, 8, 12, 17, 45, 0), [
		{ account_id: 1002, role_id: leadMgr.role_id },
	]);
	user('account_user', 'estimates@summitroofing.example', null, Date.UTC(2022, 0, 20, 20, 10, 0), [
		{ account_id: 1003, role_id: leadMgr.role_id },
		{ account_id: 1001, role_id: leadMgr.role_id },
	]);

	const numberPlans: [string, string, string, string | null, string][] = [
		['Google Ads - Call Extension', 'google', 'cpc', 'Search - Brand', 'Google Ads Call'],
		['Website Header (DNI)', 'google', 'organic', null, 'Source Swap'],
		['Yelp Listing', 'yelp.com', 'referral', null, 'Static'],
	];
	const formNames = ['Contact Us', 'Request a Quote', 'Newsletter Signup'];
	for (const p of store.profiles) {
		const site = SITES[p.account_id - 1001];
		const host = site.profiles.find(([n]) => n === p.profile_name)?.[1] ?? site.domain;
		const main = Number(`1${site.area}555${String(1000 + (p.profile_id % 100) * 10).slice(-4)}`);
		numberPlans.forEach(([name, source, medium, campaign, trigger], k) => {
			store.numbers.push({
				phone_number_id: store.nextId.number++,
				account_id: p.account_id,
				profile_id: p.profile_id,
				phone_name: name,
				tracking_number: Number(`1${site.area}555${String(100 + (p.profile_id % 100) * 10 + k).padStart(4, '0')}`),
				tracking_number_iso_country: 'US',
				destination_number: main,
				destination_number_iso_country: 'US',
				swap_number: trigger === 'Source Swap' ? main : null,
				call_flow: k === 0 ? 'Forward with whisper' : 'Forward',
				trigger,
				source,
				medium,
				campaign,
				date_created: isoSec(Date.parse(p.date_created) + (k + 1) * 86_400_000),
			});
		});
		formNames.forEach((name, k) => {
			store.forms.push({
				form_id: store.nextId.form++,
				account_id: p.account_id,
				profile_id: p.profile_id,
				form_name: name,
				form_url: `https://${host}/${name.toLowerCase().replace(/ /g, '-')}`,
				date_created: isoSec(Date.parse(p.date_created) + (k + 2) * 86_400_000),
			});
		});
	}
}

// ---------- lead generation ----------

const FIRST = [
	'James',
	'Maria',
	'Robert',
	'Linda',
	'Michael',
	'Aisha',
	'David',
	'Jennifer',
	'Carlos',
	'Emily',
	'Wei',
	'Sarah',
	'Daniel',
	'Priya',
	'Thomas',
	'Olivia',
	'Kevin',
	'Grace',
	'Brian',
	'Fatima',
	'Jason',
	'Megan',
	'Luis',
	'Hannah',
	'Eric',
	'Chloe',
	'Andre',
	'Nina',
	'Mark',
	'Sofia',
];
const LAST = [
	'Smith',
	'Garcia',
	'Johnson',
	'Nguyen',
	'Williams',
	'Patel',
	'Brown',
	'Kim',
	'Jones',
	'Martinez',
	'Miller',
	'Chen',
	'Davis',
	'Lopez',
	'Wilson',
	'Anderson',
	'Taylor',
	'Thomas',
	'Moore',
	'Jackson',
	'Martin',
	'Lee',
	'Thompson',
	'White',
	'Harris',
	'Clark',
	'Lewis',
	'Walker',
	'Hall',
	'Young',
];
const MAIL = ['example.com', 'example.net', 'example.org', 'mail.example.com'];
const COMPANIES = [
	null,
	null,
	null,
	null,
	'Hillcrest Property Management',
	'Lakeview HOA',
	'Bluebonnet Cafe',
	'Riverside Apartments',
	'Cornerstone Realty',
];

interface Channel {
	source: string;
	medium: string;
	campaigns: (string | null)[];
	keywords: (string | null)[];
	click?: 'gclid' | 'msclkid' | 'fbclid';
	weight: number;
}
const CHANNELS: Channel[] = [
	{
		source: 'google',
		medium: 'cpc',
		campaigns: ['Search - Brand', 'Search - Services', 'Search - Emergency', 'Performance Max'],
		keywords: ['{service} near me', 'emergency {service}', '{service} {city}', 'best {service} company', '{brand}'],
		click: 'gclid',
		weight: 30,
	},
	{ source: 'google', medium: 'organic', campaigns: [null], keywords: [null], weight: 24 },
	{
		source: 'bing',
		medium: 'cpc',
		campaigns: ['Bing - Services'],
		keywords: ['{service} {city}', '{service} cost'],
		click: 'msclkid',
		weight: 6,
	},
	{
		source: 'facebook',
		medium: 'paid_social',
		campaigns: ['Spring Promo', 'Retargeting - Site Visitors', 'Local Awareness'],
		keywords: [null],
		click: 'fbclid',
		weight: 10,
	},
	{ source: '(direct)', medium: '(none)', campaigns: [null], keywords: [null], weight: 14 },
	{ source: 'yelp.com', medium: 'referral', campaigns: [null], keywords: [null], weight: 6 },
	{ source: 'newsletter', medium: 'email', campaigns: ['Monthly Newsletter', 'Seasonal Offer'], keywords: [null], weight: 5 },
	{ source: 'nextdoor.com', medium: 'referral', campaigns: [null], keywords: [null], weight: 5 },
];
const SERVICE: Record<Site['industry'], { service: string; pages: string[]; needs: string[]; topics: string[] }> = {
	plumbing: {
		service: 'plumber',
		pages: ['water-heater-repair', 'drain-cleaning', 'emergency-plumbing', 'leak-detection'],
		needs: ['Water heater', 'Clogged drain', 'Leak', 'Repiping'],
		topics: ['water heater is leaking', 'kitchen sink is backed up', 'need a quote for repiping', 'burst pipe in the garage'],
	},
	dental: {
		service: 'dentist',
		pages: ['teeth-whitening', 'invisalign', 'new-patients', 'emergency-dental'],
		needs: ['Cleaning', 'Whitening', 'Invisalign consult', 'Toothache'],
		topics: [
			'would like to book a cleaning',
			'asking about Invisalign pricing',
			'chipped a tooth this morning',
			'do you take Delta Dental',
		],
	},
	roofing: {
		service: 'roofer',
		pages: ['roof-replacement', 'storm-damage', 'roof-inspection', 'gutters'],
		needs: ['Roof replacement', 'Hail damage', 'Inspection', 'Gutters'],
		topics: ['hail damage after last storm', 'need an estimate for a new roof', 'leak above the bedroom', 'insurance claim inspection'],
	},
};
const TYPE_WEIGHTS: [LeadTypeKey, number][] = [
	['phone_call', 35],
	['web_form', 30],
	['chat', 8],
	['email', 7],
	['text_message', 6],
	['event', 5],
	['transaction', 4],
	['appointment', 4],
	['other', 1],
];
const DEVICES: [string, string, string, string | null, number][] = [
	['desktop', 'Windows 10', 'Chrome', null, 30],
	['desktop', 'macOS', 'Safari', 'Apple', 10],
	['mobile', 'iOS', 'Safari', 'Apple', 30],
	['mobile', 'Android', 'Chrome', 'Samsung', 18],
	['mobile', 'Android', 'Chrome', 'Google', 6],
	['tablet', 'iOS', 'Safari', 'Apple', 6],
];

const CHANNEL_WEIGHTS = CHANNELS.map((c) => [c, c.weight] as const);
const DEVICE_WEIGHTS = DEVICES.map((d) => [d, d[4]] as const);

const visitorId = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16)}`;

export interface LeadSeed {
	leadId: number;
	profile: Profile;
	account: Account;
	date: string;
	type?: LeadTypeKey;
	/** pool of repeat callers/visitors, so lead_status Repeat happens */
	contactPool?: number;
	recorded?: boolean;
	/** random spam / duplicate flags (demo data); test helpers make clean leads */
	noisy?: boolean;
	/** shaped as WhatConverts sends leads (see realShape) */
	real?: boolean;
}

// these two run ~10 times per lead: keep them cheap (bulk inserts of 100k leads)
function hex(r: () => number, n: number): string {
	let s = '';
	while (s.length < n)
		s += Math.floor(r() * 0x100000000)
			.toString(16)
			.padStart(8, '0');
	return s.slice(0, n);
}
function digits(r: () => number, n: number): string {
	let s = '';
	while (s.length < n) s += String(Math.floor(r() * 1e9)).padStart(9, '0');
	return s.slice(0, n);
}

/** A realistic lead of the given (or a random) type; everything derives from the lead id. */
export function generateLead(s: LeadSeed): Lead {
	const r = rng(s.leadId * 2654435761);
	const site = SITES[(s.account.account_id - 1001) % SITES.length] ?? SITES[0];
	const svc = SERVICE[site.industry];
	const type = s.type ?? weighted(r, TYPE_WEIGHTS);
	const contact = Math.floor(r() * (s.contactPool ?? 1_000_000));
	const cr = rng(contact * 7919 + s.profile.profile_id); // the same contact always has the same details
	const first = pick(cr, FIRST);
	const last = pick(cr, LAST);
	const email = `${first}.${last}${Math.floor(cr() * 90) + 10}@${pick(cr, MAIL)}`.toLowerCase();
	const phone = `+1${site.area}555${digits(cr, 4)}`;
	const ch = weighted(r, CHANNEL_WEIGHTS);
	const campaign = pick(r, ch.campaigns);
	const kwTemplate = pick(r, ch.keywords);
	const keyword =
		kwTemplate &&
		kwTemplate.replace('{service}', svc.service).replace('{city}', site.city.toLowerCase()).replace('{brand}', site.account.toLowerCase());
	const host = site.profiles.find(([n]) => n === s.profile.profile_name)?.[1] ?? `www.${site.domain}`;
	const page = pick(r, svc.pages);
	const landing = `https://${host}/${page}${ch.medium === 'cpc' ? `?utm_source=${ch.source}&utm_medium=cpc&utm_campaign=${encodeURIComponent(campaign ?? '')}` : ''}`;
	const [device, os, browser, make] = weighted(r, DEVICE_WEIGHTS);
	const spam = r() < 0.03 && s.noisy === true;
	const duplicate = !spam && r() < 0.04 && s.noisy === true;
	const q = weighted(r, [
		['not_set', 55],
		['yes', 20],
		['no', 15],
		['pending', 10],
	] as const);
	const quote = q === 'yes' || (q === 'pending' && r() < 0.5) ? Math.round(150 + r() * 4800) : null;
	const sale = q === 'yes' && r() < 0.6 ? Math.round((quote ?? 500) * (0.6 + r() * 0.4)) : null;
	const custom: Record<string, string> = {};
	if (r() < 0.3) custom['Customer Type'] = r() < 0.7 ? 'Residential' : 'Commercial';
	if (r() < 0.15) custom['Assigned To'] = pick(r, ['Dana', 'Sam', 'Front Desk']);
	const ts = s.date;
	const tms = Date.parse(ts);

	const lead: Lead = {
		account_id: s.account.account_id,
		account: s.account.account_name,
		profile_id: s.profile.profile_id,
		profile: s.profile.profile_name,
		lead_id: s.leadId,
		user_id: visitorId(hex(cr, 28)),
		lead_type: LEAD_TYPES[type],
		lead_status: LEAD_STATUSES.unique,
		date_created: ts,
		last_updated: ts,
		quotable: QUOTABLE[q],
		quote_value: quote,
		sales_value: sale,
		spotted_keywords: r() < 0.4 ? pick(r, ['estimate', 'appointment', 'emergency', 'price, quote', 'insurance']) : null,
		lead_score: spam ? 5 : Math.round(30 + r() * 70),
		lead_state: 'Completed',
		spam,
		duplicate,
		lead_source: ch.source,
		lead_medium: ch.medium,
		lead_campaign: campaign,
		lead_content: ch.medium === 'paid_social' ? pick(r, ['carousel-a', 'video-15s', 'single-image']) : null,
		lead_keyword: keyword,
		lead_url: `https://${host}/${type === 'web_form' ? 'contact' : page}`,
		landing_url: landing,
		ip_address: `${pick(r, [24, 67, 71, 98, 173])}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 254) + 1}`,
		operating_system: os,
		browser,
		device_type: device,
		device_make: make,
		notes:
			r() < 0.08 ? pick(r, ['Called back, estimate booked for Tuesday.', 'Left voicemail.', 'Existing customer.', 'Price shopper.']) : null,
		contact_name: `${first} ${last}`,
		contact_company_name: pick(cr, COMPANIES),
		contact_email_address: email,
		contact_phone_number: phone,
		email_address: email,
		phone_number: phone,
		city: site.city,
		state: site.state,
		zip: site.zip,
		country: 'US',
		gclid: ch.click === 'gclid' ? `Cj0KCQiA${hex(r, 24)}` : null,
		msclkid: ch.click === 'msclkid' ? hex(r, 32) : null,
		fbclid: ch.click === 'fbclid' ? `IwAR${hex(r, 28)}` : null,
		fbpid: ch.click === 'fbclid' ? `fb.1.${tms}.${digits(r, 10)}` : null,
		ga_client_id: `${digits(r, 9)}.${Math.floor(tms / 1000) - Math.floor(r() * 86400 * 30)}`,
		additional_fields: [],
		field_mappings: [],
		custom_fields: looseMap(custom),
		lead_analysis: [],
		// every lead gets every key, so all leads share one hidden class and filter scans stay
		// monomorphic; undefined keys are left out of the JSON
		form_name: undefined,
		phone_name: undefined,
		tracking_number: undefined,
		destination_number: undefined,
		caller_number: undefined,
		caller_name: undefined,
		call_duration: undefined,
		call_duration_seconds: undefined,
		call_status: undefined,
		answer_status: undefined,
		call_transcription: undefined,
		voicemail_transcription: undefined,
		line_type: undefined,
		recording: undefined,
		play_recording: undefined,
		message: undefined,
		event_category: undefined,
		event_action: undefined,
		event_label: undefined,
		transaction_id: undefined,
		transaction_tax: undefined,
		transaction_shipping: undefined,
		sender_name: undefined,
		email_subject: undefined,
		email_message: undefined,
	};

	switch (type) {
		case 'web_form': {
			const need = pick(r, svc.needs);
			lead.form_name = pick(r, ['Contact Us', 'Request a Quote']);
			lead.additional_fields = {
				Name: `${first} ${last}`,
				Email: email,
				Phone: phone,
				'Service Needed': need,
				Message: `Hi, ${pick(r, svc.topics)}.`,
			};
			lead.field_mappings = { Name: 'contact_name', Email: 'email_address', Phone: 'phone_number' };
			break;
		}
		case 'phone_call': {
			const drawn = weighted(r, [
				['Answered', 82],
				['No Answer', 13],
				['Busy', 5],
			] as const);
			const answer = s.recorded ? 'Answered' : drawn;
			const secs = answer === 'Answered' ? Math.round(20 + r() * 600) : answer === 'No Answer' ? Math.round(5 + r() * 40) : 0;
			const trackingIdx = Math.floor(r() * 3);
			lead.phone_name = ['Google Ads - Call Extension', 'Website Header (DNI)', 'Yelp Listing'][trackingIdx];
			lead.tracking_number = `+1${site.area}555${String(100 + (s.profile.profile_id % 100) * 10 + trackingIdx).padStart(4, '0')}`;
			lead.destination_number = `+1${site.area}555${String(1000 + (s.profile.profile_id % 100) * 10).slice(-4)}`;
			lead.caller_number = phone;
			lead.caller_name = `${last.toUpperCase()} ${first.toUpperCase()}`;
			lead.call_duration = `${secs} seconds`;
			lead.call_duration_seconds = secs;
			lead.answer_status = answer;
			lead.call_status = 'Completed';
			lead.line_type = pick(r, ['Mobile', 'Mobile', 'Landline', 'VoIP']);
			const topic = pick(r, svc.topics);
			lead.call_transcription =
				answer === 'Answered'
					? `Agent: Thanks for calling ${site.account}, how can I help? Caller: Hi, my ${topic}. Agent: We can get someone out there, what's your address?`
					: null;
			lead.voicemail_transcription = answer === 'No Answer' ? `Hi, this is ${first}, ${topic}, please call me back at ${phone}.` : null;
			if (answer === 'Answered') {
				lead.lead_analysis = {
					'Lead Summary': `Caller says their ${topic} and asks for service.`,
					Sentiment: pick(r, ['Positive', 'Neutral']),
					Intent: 'Schedule service',
				};
			}
			const recorded = s.recorded ?? (answer === 'Answered' && r() < 0.85);
			lead.recording = recorded ? recordingUrl(s.leadId) : null;
			lead.play_recording = recorded ? `${recordingUrl(s.leadId)}/play` : null;
			break;
		}
		case 'text_message':
			lead.phone_name = 'Website Header (DNI)';
			lead.tracking_number = `+1${site.area}555${String(101 + (s.profile.profile_id % 100) * 10).padStart(4, '0')}`;
			lead.message = `Hi, ${pick(r, svc.topics)}. Can someone text me back?`;
			break;
		case 'event':
			lead.event_category = pick(r, ['Button', 'Outbound Link', 'Video']);
			lead.event_action = pick(r, ['Click', 'Play']);
			lead.event_label = pick(r, ['Call Now - Header', 'Get Directions', 'Book Online']);
			break;
		case 'transaction':
			lead.transaction_id = `T-${100000 + (s.leadId % 900000)}`;
			lead.sales_value = lead.sales_value ?? Math.round(49 + r() * 450);
			lead.transaction_tax = Math.round(lead.sales_value * 8.25) / 100;
			lead.transaction_shipping = 0;
			lead.quotable = QUOTABLE.yes;
			break;
		case 'email':
			lead.sender_name = `${first} ${last}`;
			lead.email_subject = pick(r, ['Question about pricing', 'Appointment request', 'Estimate follow-up']);
			lead.email_message = `Hello, ${pick(r, svc.topics)}. Thanks, ${first}`;
			break;
		default:
			break;
	}
	if (s.real) realShape(lead, type, { first, last, email, site });
	return lead;
}

/**
 * A lead as WhatConverts' answers and webhook deliveries show it (its help pages' examples, a
 * captured 2025 call): a call's last_updated is its end, not its start; the person is often not in
 * the contact_* fields (empty strings) but in caller_name, email_address, phone_number or the
 * form's additional_fields; click and analytics ids under the answers' names. Its own random
 * draws, so the rest of the lead is the tidy one.
 */
function realShape(lead: Lead, type: LeadTypeKey, who: { first: string; last: string; email: string; site: Site }): void {
	const r = rng(lead.lead_id * 40503 + 99);
	const { first, last, email, site } = who;
	lead.facebook_click_id = lead.fbclid ?? null;
	lead.facebook_browser_id = lead.fbpid ?? null;
	lead.google_analytics_client_id = lead.ga_client_id ?? null;
	lead.fbclid = lead.fbpid = lead.ga_client_id = undefined;
	lead.spotted_keywords ??= '';
	// about one lead in four belongs to a contact record the account keeps
	if (r() >= 0.25) lead.contact_name = lead.contact_company_name = lead.contact_email_address = lead.contact_phone_number = '';
	switch (type) {
		case 'phone_call': {
			const withheld = r() < 0.15;
			lead.email_address = '';
			if (withheld) lead.phone_number = lead.caller_number = '';
			lead.caller_name = withheld ? '' : pick(r, [`${last} ${first}`.toUpperCase(), `${first[0]} ${last}`, 'WIRELESS CALLER']);
			lead.caller_city = site.city;
			lead.caller_state = site.state;
			lead.caller_country = 'US';
			// answers round the duration: the end can read a second before date_created + duration
			const secs = lead.call_duration_seconds ?? 0;
			lead.last_updated = isoSec(Date.parse(lead.date_created) + Math.max(1, secs - 1 + Math.floor(r() * 6)) * 1000);
			break;
		}
		case 'web_form':
			if (r() < 0.4) lead.email_address = lead.phone_number = '';
			break;
		case 'chat':
			lead.additional_fields = { full_name: `${first} ${last}`, email_address: email, message: 'Hi, do you have availability this week?' };
			lead.phone_number = '';
			if (r() < 0.5) lead.email_address = '';
			break;
		case 'transaction':
			lead.additional_fields = { full_name: `${first} ${last}`, email_address: email };
			lead.phone_number = '';
			break;
		case 'text_message':
			lead.email_address = '';
			break;
		case 'email':
			lead.phone_number = '';
			break;
		case 'event':
			lead.email_address = lead.phone_number = '';
			break;
		default:
			break;
	}
}

/**
 * A webhook body as WhatConverts POSTs it: `trigger` first, then the lead's fields. `omit` drops
 * fields: older deliveries carried neither last_updated nor lead_state.
 */
export function webhookDelivery(lead: Lead, trigger: 'new' | 'update', omit: readonly string[] = []): Record<string, unknown> {
	const body = JSON.parse(JSON.stringify({ trigger, ...lead })) as Record<string, unknown>;
	for (const field of omit) delete body[field];
	return body;
}

export function recordingUrl(leadId: number): string {
	const token = (Math.imul(leadId, 2654435761) >>> 0).toString(16).padStart(8, '0');
	return `https://app.whatconverts.com/recording/${leadId}/${token}`;
}

/** Deterministic touch points before a lead (customer_journey=true). */
export function customerJourney(lead: Lead): JourneyTouch[] {
	const r = rng(lead.lead_id * 40503 + 17);
	const n = 1 + Math.floor(r() * 3);
	const end = Date.parse(lead.date_created);
	const touches: JourneyTouch[] = [];
	for (let i = n - 1; i >= 1; i--) {
		const ch = pick(r, CHANNELS);
		touches.push({
			date: isoSec(end - i * Math.round(3600_000 + r() * 6 * 86_400_000)),
			lead_source: ch.source,
			lead_medium: ch.medium,
			lead_campaign: pick(r, ch.campaigns),
			lead_content: null,
			lead_keyword: null,
			landing_url: lead.landing_url,
		});
	}
	touches.sort((a, b) => (a.date < b.date ? -1 : 1));
	touches.push({
		date: lead.date_created,
		lead_source: lead.lead_source,
		lead_medium: lead.lead_medium,
		lead_campaign: lead.lead_campaign,
		lead_content: lead.lead_content,
		lead_keyword: lead.lead_keyword,
		landing_url: lead.landing_url,
	});
	return touches;
}

/**
 * Demo leads: `count` leads over the two years before `now`, every type, growing over time,
 * mostly in business hours; repeat contacts, spam, duplicates, recordings.
 */
export function seedDemoLeads(store: Store, now: number, count: number, real = false): void {
	const r = rng(20240611);
	const span = 730 * 86_400_000;
	const start = now - span;
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const day = Math.floor(Math.sqrt(r()) * 730); // more leads in recent months
		// local business hours in the US (UTC-7 or so)
		const hour =
			7 +
			weighted(r, [
				[8, 5],
				[9, 9],
				[10, 10],
				[11, 10],
				[12, 8],
				[13, 9],
				[14, 9],
				[15, 8],
				[16, 7],
				[17, 5],
				[18, 3],
				[20, 2],
				[22, 1],
				[2, 1],
			] as const);
		const t = Math.floor(start / 86_400_000) * 86_400_000 + day * 86_400_000 + hour * 3_600_000 + Math.floor(r() * 3_600_000);
		times.push(Math.min(t, now - 60_000 * (count - i)));
	}
	times.sort((a, b) => a - b);
	const weights = store.profiles.map((p, i) => [p, [30, 8, 24, 10, 20, 8][i] ?? 10] as const);
	const batch: Lead[] = [];
	const seen = new Set<string>();
	for (let i = 0; i < count; i++) {
		const profile = weighted(r, weights);
		const account = store.account(profile.account_id)!;
		const lead = generateLead({
			leadId: store.nextId.lead++,
			profile,
			account,
			date: isoSec(times[i]),
			contactPool: Math.max(50, Math.floor(count * 0.12)),
			noisy: true,
			real,
		});
		const who = `${profile.profile_id}|${lead.phone_number}`;
		if (seen.has(who)) lead.lead_status = LEAD_STATUSES.repeat;
		seen.add(who);
		// some leads were worked on later; none changed after now
		const workedOn = r() < 0.25 ? isoSec(times[i] + Math.floor(r() * 20 * 86_400_000)) : lead.last_updated;
		lead.last_updated = isoSec(Math.min(now, Date.parse(workedOn > lead.last_updated ? workedOn : lead.last_updated)));
		if (lead.recording) store.recordings.set(lead.lead_id, recordingFor(lead.lead_id));
		batch.push(lead);
	}
	// the newest phone call is still ringing
	for (let i = batch.length - 1; i >= Math.max(0, batch.length - 40); i--) {
		const l = batch[i];
		if (l.lead_type === LEAD_TYPES.phone_call && l.answer_status === 'Answered') {
			l.lead_state = 'In Progress';
			l.call_status = 'In Progress';
			if (real) l.last_updated = l.date_created;
			l.call_duration = null;
			l.call_duration_seconds = null;
			l.call_transcription = null;
			l.lead_analysis = [];
			l.recording = null;
			l.play_recording = null;
			store.recordings.delete(l.lead_id);
			break;
		}
	}
	store.insertLeads(batch);
}
