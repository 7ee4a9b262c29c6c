// A local stand-in for the WhatConverts API v1: HTTP server, auth, limits, faults, request log,
// and routing to the handlers in ./routes. Listens on 127.0.0.1 only.
//
// Its powers, for tests (each reset by reset()/reseed()):
// - data: addLead(s), updateLead (an edit, bumps last_updated), and what only the app can do:
//   deleteLead, flagLead (spam / duplicate), startCall + completeCall (a call's life), backdating
//   (updateLead with an earlier date_created).
// - a live list: beforeList(hook) runs before each list answer (with its query and page), so a
//   test changes the leads between any two pages.
// - timing: hold() returns a Gate that holds matching requests until the test opens it (overlapping
//   polls or executions); faults 'slow' (one answer late) and 'silent' (no answer until the client
//   gives up or the server stops); a fault with `executed: true` is played after the request was
//   carried out (a delete done, then 502 or a lost answer).
// - refusals: faults with any status, Retry-After ('0', a past date) and headers
//   (X-RateLimit-Remaining: 0); the daily quota (quotaMessage for its wording, setQuotaUsed); the
//   in-flight limit; backpressure windows; refusalsCount: whether 429s use up the quota.
// - what the API leaves undocumented, each way, as a Behaviour option (below): tie order, date filters
//   by second or day, zone-less dates, spam/duplicate filters, in-progress calls listed or not,
//   lead shapes ('real': as WhatConverts sends them), profile keys with scope filters, ...
// - delivery(lead, trigger): a webhook body as WhatConverts POSTs it.
//
// Order of play for each request: in-flight limit per key (immediate 429) → injected fault
// ('slow' and 'hold' wait, then carry on) → latencyMs → unknown path (HTML 404) → auth (401) →
// daily quota (429) → backpressure window (429) → bad body (400) → agency-only check →
// beforeList hooks → the handler → a fault marked `executed`. Neither 404s nor injected faults
// count against the quota, except injected 429s while refusalsCount.
//
// Choices where the docs are silent:
// - spam=true / duplicate=true return only flagged leads; not sent or `false`, see flagFilter;
// - a date-only end_date covers its whole day, but counts as its midnight for the 400-day
//   span check (so 2024-01-01..2025-02-04 is allowed, ..2025-02-05 is not);
// - total_pages is 0 for an empty list; page sizes are clamped to 1..max; unknown query
//   parameters (page, per_page) are ignored, as the real API does;
// - tracking lists are `numbers` (documented) and `forms` (by analogy).
//
// Leads: change them through the methods here or the API. After editing a Lead object by hand,
// call server.data.touch(lead): list pages use cached per-lead JSON and cached filter results.

import * as http from 'http';
import type { AddressInfo } from 'net';
import { BodyError, parseBody, parseQuery, type Flat, type Nested } from './body';
import {
	LEAD_STATUSES,
	LEAD_TYPES,
	MASTER_KEY,
	OTHER_PROFILE_KEY,
	PROFILE_KEY,
	QUOTABLE,
	Store,
	generateLead,
	isoSec,
	looseMap,
	normaliseDate,
	recordingFor,
	recordingUrl,
	seedAgency,
	seedDemoLeads,
	toLabel,
	webhookDelivery,
	zoneless,
	type ApiKey,
	type Lead,
	type LeadTypeKey,
} from './data';
import { Gate } from './gate';
import { agencyRoutes } from './routes/agency';
import { ApiError, fail, type Ctx, type Reply, type Route } from './routes/common';
import { leadRoutes } from './routes/leads';
import { trackingRoutes } from './routes/tracking';

export {
	Gate,
	LEAD_STATUSES,
	LEAD_TYPES,
	MASTER_KEY,
	OTHER_PROFILE_KEY,
	PROFILE_KEY,
	QUOTABLE,
	Store,
	recordingFor,
	type ApiKey,
	type Lead,
	type LeadTypeKey,
};
export type { Account, JourneyTouch, LooseMap, Profile, Role, TrackingForm, TrackingNumber, User } from './data';

export interface Behaviour {
	/** profile key on accounts/profiles/users/roles (undocumented) */
	agencyOnlyStatus: 401 | 403;
	/** unknown id: 400 "Invalid lead ID." or 404 JSON (undocumented) */
	unknownIdStatus: 400 | 404;
	/** single account/profile/user/role GET: bare object or list envelope with one item (undocumented); leads are always wrapped */
	singleObject: 'bare' | 'wrapped';
	/** create/edit answers: the whole object, or only {"<x>_id": n} (undocumented) */
	writeAnswer: 'whole' | 'idOnly';
	/** account_id/profile_id sent with a profile key (undocumented) */
	profileKeyScopeFilters: 'ignore' | 'reject';
	/** per key; one more request at once gets an immediate 429 */
	maxInFlight: number;
	/** per key per UTC day (by now()) */
	dailyQuota: { profile: number; master: number };
	/** the over-quota error_message (undocumented) */
	quotaMessage: string;
	/** added to every answer so concurrency is observable */
	latencyMs: number;
	/** 429 (no Retry-After) during the first blockedMs of every periodMs, by the wall clock since start() */
	backpressure?: { periodMs: number; blockedMs: number };
	/** GET /recording for a lead without a recording (undocumented) */
	recordingMissing: 400 | 404;
	/** leads sharing one date_created: by lead_id in every answer, or shuffled anew for each request, seeded by tieSeed (undocumented) */
	tieOrder: 'byId' | 'shuffled';
	tieSeed: number;
	/** start_date / end_date applied to the second, or by the day only: a date-time counts as its whole UTC day (undocumented) */
	dateFilter: 'second' | 'day';
	/** dates in answers and deliveries: ISO 8601 with Z, or zone-less '2025-01-31 13:45:00', still UTC (undocumented) */
	dateFormat: 'iso' | 'zoneless';
	/**
	 * GET /leads `spam` and `duplicate`, each flag alike: `true` returns only flagged leads (documented).
	 * Not sent, and `false`: only unflagged leads, or no filter (undocumented).
	 */
	flagFilter: { omitted: 'unflagged' | 'all'; false: 'unflagged' | 'all' };
	/** lists show calls and chats still in progress, or only once completed (undocumented) */
	listsInProgress: boolean;
	/** leads made by addLead(s) and the demo seed: tidy, or as WhatConverts sends them (see realShape in data.ts) */
	leadShape: 'tidy' | 'real';
	/** every 429 (in-flight, quota, backpressure, injected) uses up one request of the key's daily quota (undocumented) */
	refusalsCount: boolean;
}

export const DEFAULT_BEHAVIOUR: Readonly<Behaviour> = Object.freeze({
	agencyOnlyStatus: 403,
	unknownIdStatus: 400,
	singleObject: 'wrapped',
	writeAnswer: 'whole',
	profileKeyScopeFilters: 'ignore',
	maxInFlight: 20,
	dailyQuota: Object.freeze({ profile: 1000, master: 10000 }),
	quotaMessage: 'Daily API request limit reached. Requests fail until the limit resets at 00:00 UTC.',
	latencyMs: 0,
	backpressure: undefined,
	recordingMissing: 404,
	tieOrder: 'byId',
	tieSeed: 1,
	dateFilter: 'second',
	dateFormat: 'iso',
	flagFilter: Object.freeze({ omitted: 'unflagged', false: 'unflagged' }),
	listsInProgress: true,
	leadShape: 'real',
	refusalsCount: true,
}) as Readonly<Behaviour>;

export type Fault =
	| { kind: 'status'; status: number; body?: string; contentType?: string; retryAfter?: string; headers?: Record<string, string> }
	/** the connection is cut, no answer */
	| { kind: 'drop' }
	/** waits, then carries on */
	| { kind: 'slow'; ms: number }
	/** waits until the gate opens, then carries on (see hold()) */
	| { kind: 'hold'; gate: Gate }
	/** accepts the request and never answers, until the client gives up or the server stops */
	| { kind: 'silent' }
	| { kind: 'nonJson' };

export interface FaultRule {
	fault: Fault;
	/** how many matching requests get it (Infinity: all) */
	times: number;
	method?: string;
	/** matched against the path below /api/v1 (e.g. '/leads') or the full path */
	path?: string | RegExp;
	/** only requests with these query values, e.g. { page_number: '2' } */
	query?: Record<string, string>;
	/** let this many matching requests through first */
	afterRequests?: number;
	/** carry the request out first (a delete is done), then play the fault instead of its answer */
	executed?: boolean;
}

/** A list request about to be answered, as beforeList hooks see it. */
export interface ListCall {
	/** below /api/v1, e.g. '/leads' */
	path: string;
	query: Flat;
	/** page_number asked (1 when not sent) */
	page: number;
	/** how many list requests this hook has seen, this one included */
	call: number;
}
export type ListHook = (list: ListCall) => void | Promise<void>;

export interface LoggedRequest {
	method: string;
	/** path below /api/v1 ('/leads'); paths outside it as received */
	path: string;
	query: Flat;
	body: Nested;
	rawBody: string;
	contentType: string;
	keyKind: 'profile' | 'master' | 'none' | 'bad';
	/** 0 while in flight, and for dropped requests */
	status: number;
	startedAt: number;
	endedAt: number;
	/** requests in flight (any key) when this one arrived, itself included */
	inFlightAtStart: number;
	/** the path is off the route table (unknown segment, dot segment, encoded slash): answered 404 */
	offRoute: boolean;
}

export interface ServerOptions {
	behaviour?: Partial<Behaviour>;
	seed?: 'empty' | 'demo';
	now?: () => number;
	/** how many leads the demo seed makes (default 3000) */
	demoLeads?: number;
}

export type LeadTemplate = Partial<Lead> & { startAt?: string; stepSeconds?: number; profileId?: number };

export const API_PREFIX = '/api/v1';

const NOT_FOUND_HTML = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Page Not Found | WhatConverts</title></head>
<body><h1>404</h1><p>Sorry, the page you were looking for could not be found.</p><p><a href="https://app.whatconverts.com/">Back to WhatConverts</a></p></body>
</html>
`;
const MAINTENANCE_HTML = `<!DOCTYPE html>
<html><head><title>WhatConverts - Maintenance</title></head>
<body><h1>We'll be right back.</h1><p>WhatConverts is undergoing scheduled maintenance.</p></body></html>
`;

interface ActiveFault {
	rule: FaultRule;
	left: number;
	skip: number;
}

export class WhatConvertsServer {
	behaviour: Behaviour;
	keys: { profile: ApiKey; master: ApiKey; otherProfile?: ApiKey };
	log: LoggedRequest[] = [];
	maxInFlightSeen = 0;
	now: () => number;
	data: Store;

	private readonly defaults: Behaviour;
	private readonly routes: Route[] = [...leadRoutes, ...trackingRoutes, ...agencyRoutes];
	private server?: http.Server;
	private url = '';
	private faults: ActiveFault[] = [];
	private inFlight = 0;
	private inFlightByKey = new Map<string, number>();
	private quota = new Map<string, { day: string; used: number }>();
	private timers = new Set<NodeJS.Timeout>();
	private finishers = new WeakMap<http.ServerResponse, () => void>();
	private startedAtMs = Date.now();
	private requestNo = 0;
	private gates = new Set<Gate>();
	private listHooks: { path: string; hook: ListHook; calls: number }[] = [];

	constructor(private readonly options: ServerOptions = {}) {
		this.defaults = cloneBehaviour({ ...DEFAULT_BEHAVIOUR, ...options.behaviour });
		this.behaviour = cloneBehaviour(this.defaults);
		this.now = options.now ?? (() => Date.now());
		this.keys = { profile: { ...PROFILE_KEY }, master: { ...MASTER_KEY }, otherProfile: { ...OTHER_PROFILE_KEY } };
		this.data = this.seededStore();
	}

	private seededStore(): Store {
		const store = new Store();
		seedAgency(store);
		if (this.options.seed === 'demo') seedDemoLeads(store, this.now(), this.options.demoLeads ?? 3000, this.defaults.leadShape === 'real');
		return store;
	}

	/** Back to the data the server started with, and reset() besides: each test starts alike. */
	reseed(): void {
		this.data = this.seededStore();
		this.reset();
	}

	/** e.g. http://127.0.0.1:PORT/api/v1 ('' before start) */
	get baseUrl(): string {
		return this.url;
	}

	start(port = 0): Promise<string> {
		const server = http.createServer((req, res) => {
			this.handle(req, res).catch((e: unknown) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error_message: `Internal server error: ${(e as Error).message}` }));
			});
		});
		this.server = server;
		this.startedAtMs = Date.now();
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				const { port: p } = server.address() as AddressInfo;
				this.url = `http://127.0.0.1:${p}${API_PREFIX}`;
				resolve(this.url);
			});
		});
	}

	stop(): Promise<void> {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.openGates();
		const server = this.server;
		this.server = undefined;
		if (!server) return Promise.resolve();
		return new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections(); // keep-alive sockets would hold close() open
		});
	}

	injectFault(rule: FaultRule): void {
		this.faults.push({ rule, left: rule.times, skip: rule.afterRequests ?? 0 });
	}

	clearFaults(): void {
		this.faults = [];
	}

	/**
	 * Holds the matching requests (every one, unless `times`) before they are carried out, until
	 * the gate opens; reset() and stop() open it too.
	 *   const gate = server.hold({ path: '/leads' }); const first = poll(); await gate.reached(1); ...; gate.open();
	 */
	hold(where: Omit<FaultRule, 'fault' | 'times'> & { times?: number } = {}): Gate {
		const gate = new Gate();
		this.gates.add(gate);
		this.injectFault({ ...where, times: where.times ?? Infinity, fault: { kind: 'hold', gate } });
		return gate;
	}

	/**
	 * Runs `hook` before each answer to GET `path` (below /api/v1; exactly, so not '/leads/1'),
	 * after the request passed auth and limits: the leads it changes are seen by this very page.
	 * Returns a function that removes the hook; reset() removes them all.
	 *   server.beforeList(({ page }) => { if (page === 2) server.deleteLead(first.lead_id); });
	 */
	beforeList(hook: ListHook, path = '/leads'): () => void {
		const entry = { path, hook, calls: 0 };
		this.listHooks.push(entry);
		return () => {
			this.listHooks = this.listHooks.filter((h) => h !== entry);
		};
	}

	/** Empties the log, faults, hooks, counters and quota usage (held requests go on); behaviour back to the constructor's. Data is kept. */
	reset(): void {
		this.log.length = 0;
		this.faults = [];
		this.listHooks = [];
		this.openGates();
		this.maxInFlightSeen = this.inFlight;
		this.requestNo = 0;
		this.quota.clear();
		this.behaviour = cloneBehaviour(this.defaults);
	}

	private openGates(): void {
		for (const gate of this.gates) gate.open();
		this.gates.clear();
	}

	/** Requests already used today by the default key of that kind. */
	setQuotaUsed(kind: 'profile' | 'master', n: number): void {
		this.quota.set(this.keys[kind].token, { day: this.today(), used: n });
	}

	// ---------- data helpers ----------

	/** Fast bulk insert: ids increase, dates step from startAt (default: ending just before now()). */
	addLeads(count: number, template: LeadTemplate = {}): Lead[] {
		const { startAt, stepSeconds, profileId, ...overrides } = template;
		const step = (stepSeconds ?? 60) * 1000;
		const start = startAt !== undefined ? parseDate(startAt, 'startAt') : this.now() - count * step;
		const fields = normaliseLead(overrides);
		const { profile, account } = this.profileFor(profileId ?? overrides.profile_id);
		const type = typeKey(fields.lead_type);
		const recorded = wantsRecording(overrides);
		const real = this.behaviour.leadShape === 'real';
		const batch: Lead[] = [];
		for (let i = 0; i < count; i++) {
			const date = isoSec(start + i * step);
			const lead = generateLead({ leadId: this.data.nextId.lead++, profile, account, date, type, recorded, real });
			this.settle(lead, fields, false);
			batch.push(lead);
			syncRecording(this.data, lead);
		}
		this.data.insertLeads(batch);
		return batch;
	}

	addLead(partial: Partial<Lead> = {}): Lead {
		const fields = normaliseLead(partial);
		const { profile, account } = this.profileFor(partial.profile_id);
		const date = fields.date_created ?? isoSec(this.now());
		const leadId = partial.lead_id ?? this.data.nextId.lead++;
		const real = this.behaviour.leadShape === 'real';
		const lead = generateLead({ leadId, profile, account, date, type: typeKey(fields.lead_type), recorded: wantsRecording(partial), real });
		this.settle(lead, fields, true);
		if (leadId >= this.data.nextId.lead) this.data.nextId.lead = leadId + 1;
		syncRecording(this.data, lead);
		this.data.insertLead(lead);
		return lead;
	}

	/**
	 * The given fields over a generated lead. last_updated, unless given: date_created for a tidy
	 * lead; for a real one its end (a call's), never after now(). With `endsNow`, a real call
	 * without a given date ended just now.
	 */
	private settle(lead: Lead, fields: Partial<Lead>, endsNow: boolean): void {
		const took = Date.parse(lead.last_updated) - Date.parse(lead.date_created);
		Object.assign(lead, fields);
		if (fields.last_updated !== undefined) return;
		const now = this.now();
		if (endsNow && fields.date_created === undefined && took > 0) lead.date_created = isoSec(now - took);
		const created = Date.parse(lead.date_created);
		lead.last_updated = isoSec(Math.max(created, Math.min(created + took, now)));
	}

	/** Changes a lead as the app would; bumps last_updated to now() (unless given). */
	updateLead(leadId: number, changes: Partial<Lead>): Lead {
		const lead = this.data.lead(leadId);
		if (!lead) throw new Error(`No lead ${leadId}`);
		const fields = normaliseLead(changes);
		const moved = fields.date_created !== undefined && fields.date_created !== lead.date_created;
		if (moved) this.data.removeLead(lead);
		Object.assign(lead, fields);
		if (fields.last_updated === undefined) lead.last_updated = isoSec(this.now());
		this.data.touch(lead);
		if (moved) this.data.insertLead(lead);
		if (typeof changes.recording === 'string' && changes.recording && !/^https?:/.test(changes.recording)) {
			lead.recording = recordingUrl(leadId);
			lead.play_recording = `${lead.recording}/play`;
		}
		syncRecording(this.data, lead);
		return lead;
	}

	/** Deletes a lead, as a user can in the app (the API cannot); spam is also deleted after 30 days. */
	deleteLead(leadId: number): Lead {
		const lead = this.data.lead(leadId);
		if (!lead) throw new Error(`No lead ${leadId}`);
		this.data.removeLead(lead);
		this.data.recordings.delete(leadId);
		return lead;
	}

	/** Marks a lead spam and/or duplicate, or clears the mark, as the app does; an edit, so last_updated moves (unless given). */
	flagLead(leadId: number, flags: { spam?: boolean; duplicate?: boolean; last_updated?: string }): Lead {
		return this.updateLead(leadId, flags);
	}

	/**
	 * A call that has begun and not ended (or a chat, with lead_type 'chat'): lead_state 'In
	 * Progress' (or the one given, such as the vendor's 'In Progess'), call_status 'In Progress', no
	 * duration, transcript or recording yet; date_created and last_updated now() unless given.
	 */
	startCall(partial: Partial<Lead> = {}): Lead {
		const date_created = partial.date_created ?? isoSec(this.now());
		const lead = this.addLead({ lead_type: 'phone_call', ...partial, date_created, last_updated: partial.last_updated ?? date_created });
		lead.lead_state = partial.lead_state ?? 'In Progress';
		if (lead.lead_type === LEAD_TYPES.phone_call) {
			const going: Partial<Lead> = {
				call_status: 'In Progress',
				call_duration: null,
				call_duration_seconds: null,
				call_transcription: null,
				voicemail_transcription: null,
				recording: null,
				play_recording: null,
				lead_analysis: [],
			};
			for (const [field, value] of Object.entries(going)) if (!(field in partial)) Object.assign(lead, { [field]: value });
		}
		this.data.touch(lead);
		syncRecording(this.data, lead);
		return lead;
	}

	/**
	 * The call (or chat) ends: lead_state and call_status 'Completed', the duration set, and
	 * last_updated its end: date_created + durationSeconds, or endAt, or now() when neither is given.
	 */
	completeCall(leadId: number, end: { durationSeconds?: number; endAt?: string } = {}): Lead {
		const lead = this.data.lead(leadId);
		if (!lead) throw new Error(`No lead ${leadId}`);
		const start = Date.parse(lead.date_created);
		const endMs =
			end.endAt !== undefined
				? parseDate(end.endAt, 'endAt')
				: end.durationSeconds !== undefined
					? start + end.durationSeconds * 1000
					: this.now();
		const secs = end.durationSeconds ?? Math.max(0, Math.round((endMs - start) / 1000));
		const changes: Partial<Lead> = { lead_state: 'Completed', last_updated: isoSec(endMs) };
		if (lead.lead_type === LEAD_TYPES.phone_call) {
			Object.assign(changes, { call_status: 'Completed', call_duration: `${secs} seconds`, call_duration_seconds: secs });
			if (lead.answer_status === 'Answered' && secs > 0) changes.recording = 'recorded';
		}
		return this.updateLead(leadId, changes);
	}

	/**
	 * The body WhatConverts POSTs to a webhook for this lead as it is now: `trigger` first, dates
	 * as behaviour.dateFormat says. `omit` drops fields: older deliveries had no last_updated or lead_state.
	 *   await hook.post(server.delivery(call, 'new')); await hook.post(server.delivery(call, 'update', ['last_updated', 'lead_state']));
	 */
	delivery(lead: Lead | number, trigger: 'new' | 'update', omit: readonly string[] = []): Record<string, unknown> {
		const found = typeof lead === 'number' ? this.data.lead(lead) : lead;
		if (!found) throw new Error(`No lead ${String(lead)}`);
		const body = webhookDelivery(found, trigger, omit);
		return this.behaviour.dateFormat === 'zoneless' ? (JSON.parse(zoneless(JSON.stringify(body))) as Record<string, unknown>) : body;
	}

	/** Serialises every lead now, so a benchmark's timed part only joins cached JSON. */
	warmCache(): void {
		for (const lead of this.data.leads) this.data.leadBytes(lead);
	}

	clearLeads(): void {
		this.data.leads = [];
		this.data.recordings.clear();
		this.data.generation++;
	}

	private profileFor(id: number | undefined) {
		const profile = this.data.profile(id ?? this.keys.profile.profileId!);
		if (!profile) throw new Error(`No profile ${id}`);
		return { profile, account: this.data.account(profile.account_id)! };
	}

	// ---------- request handling ----------

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const startedAt = Date.now();
		const requestNo = ++this.requestNo;
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const full = url.pathname.replace(/\/+$/, '') || '/';
		const inApi = full === API_PREFIX || full.startsWith(`${API_PREFIX}/`);
		const path = inApi ? full.slice(API_PREFIX.length) || '/' : full;
		const method = (req.method ?? 'GET').toUpperCase();
		const contentType = req.headers['content-type'] ?? '';
		const auth = this.authenticate(req.headers.authorization);
		const key = auth.key;

		this.inFlight++;
		this.maxInFlightSeen = Math.max(this.maxInFlightSeen, this.inFlight);
		const keyInFlight = key ? (this.inFlightByKey.get(key.token) ?? 0) + 1 : 0;
		if (key) this.inFlightByKey.set(key.token, keyInFlight);
		const entry: LoggedRequest = {
			method,
			path,
			query: parseQuery(url.searchParams),
			body: {},
			rawBody: '',
			contentType,
			keyKind: auth.kind,
			status: 0,
			startedAt,
			endedAt: 0,
			inFlightAtStart: this.inFlight,
			offRoute: false,
		};
		this.log.push(entry);
		let finished = false;
		// done when answered (not on 'close': the client may send its next request first)
		const finish = (): void => {
			if (finished) return;
			finished = true;
			this.inFlight--;
			if (key) this.inFlightByKey.set(key.token, (this.inFlightByKey.get(key.token) ?? 1) - 1);
			entry.endedAt = Date.now();
		};
		this.finishers.set(res, finish);
		res.on('close', finish); // aborted by the client

		const raw = await readBody(req);
		entry.rawBody = raw.toString('utf8');
		let body: Nested = {};
		let bodyError: string | undefined;
		try {
			body = parseBody(raw, contentType);
		} catch (e) {
			if (!(e instanceof BodyError)) throw e;
			bodyError = e.message;
		}
		entry.body = body;

		const b = this.behaviour;
		// the concurrency limit answers at once, before any latency
		if (key && keyInFlight > b.maxInFlight) {
			this.countRefusal(key);
			return this.reply(res, entry, fail(429, `Too many concurrent requests: at most ${b.maxInFlight} requests may be in flight at once.`));
		}

		const rule = this.takeFault(method, path, full, entry.query);
		if (rule && !rule.executed && (await this.playFault(res, entry, key, rule.fault))) return;
		await this.sleep(b.latencyMs);

		// The raw path as sent: new URL() has already resolved its dot segments.
		const match = inApi && !isSteered(req.url ?? '/') ? this.match(method, path) : undefined;
		let answer: Reply;
		if (!match) {
			entry.offRoute = true;
			answer = { status: 404, json: NOT_FOUND_HTML, contentType: 'text/html; charset=UTF-8' };
		} else {
			answer = await this.serve(match, entry, { key, kind: auth.kind, body, bodyError, requestNo });
		}
		if (rule?.executed && (await this.playFault(res, entry, undefined, rule.fault))) return;
		this.reply(res, entry, answer);
	}

	/** A request on the route table: auth, quota, crowding, body, agency check, list hooks, then its handler. */
	private async serve(
		match: { route: Route; params: string[] },
		entry: LoggedRequest,
		request: { key?: ApiKey; kind: LoggedRequest['keyKind']; body: Nested; bodyError?: string; requestNo: number },
	): Promise<Reply> {
		const b = this.behaviour;
		const { key } = request;
		if (request.kind === 'none') return fail(401, 'Authentication not provided.');
		if (!key) return fail(401, 'Authentication failed.');
		if (this.overQuota(key)) return fail(429, b.quotaMessage);
		const bp = b.backpressure;
		if (bp && (Date.now() - this.startedAtMs) % bp.periodMs < bp.blockedMs) {
			if (!b.refusalsCount) this.quotaOf(key).used--;
			return fail(429, 'Too many requests. Please slow down.');
		}
		if (request.bodyError) return fail(400, request.bodyError);
		if (match.route.agency && key.kind !== 'master') return fail(b.agencyOnlyStatus, 'Agency Key is required to access this resource.');

		if (entry.method === 'GET') {
			for (const h of this.listHooks.filter((x) => x.path === entry.path)) {
				await h.hook({ path: entry.path, query: entry.query, page: Number(entry.query.page_number) || 1, call: ++h.calls });
			}
		}
		const ctx: Ctx = {
			store: this.data,
			behaviour: b,
			now: this.now,
			key,
			query: entry.query,
			body: request.body,
			params: match.params,
			requestNo: request.requestNo,
		};
		try {
			return match.route.handler(ctx);
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			return fail(e.status, e.message);
		}
	}

	private authenticate(header: string | undefined): { kind: LoggedRequest['keyKind']; key?: ApiKey } {
		if (!header) return { kind: 'none' };
		const m = /^Basic\s+(\S+)\s*$/i.exec(header);
		if (!m) return { kind: 'bad' };
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		const token = i === -1 ? decoded : decoded.slice(0, i);
		const secret = i === -1 ? '' : decoded.slice(i + 1);
		for (const key of Object.values(this.keys)) {
			if (!key || key.token !== token || key.secret !== secret) continue;
			// a profile key dies with its profile
			if (key.kind === 'profile' && !this.data.profile(key.profileId ?? -1)) return { kind: 'bad' };
			return { kind: key.kind, key };
		}
		return { kind: 'bad' };
	}

	private today(): string {
		return isoSec(this.now()).slice(0, 10);
	}

	private quotaOf(key: ApiKey): { day: string; used: number } {
		const day = this.today();
		let q = this.quota.get(key.token);
		if (!q || q.day !== day) this.quota.set(key.token, (q = { day, used: 0 }));
		return q;
	}

	/** Counts one request against the key's daily quota; true when over it (then counted only while refusals count). */
	private overQuota(key: ApiKey): boolean {
		const q = this.quotaOf(key);
		q.used++;
		if (q.used <= this.behaviour.dailyQuota[key.kind]) return false;
		if (!this.behaviour.refusalsCount) q.used--;
		return true;
	}

	private countRefusal(key: ApiKey | undefined): void {
		if (key && this.behaviour.refusalsCount) this.quotaOf(key).used++;
	}

	private match(method: string, path: string): { route: Route; params: string[] } | undefined {
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const m = route.pattern.exec(path);
			if (m) return { route, params: m.slice(1).map(decodeURIComponent) };
		}
		return undefined;
	}

	private takeFault(method: string, path: string, full: string, query: Flat): FaultRule | undefined {
		for (const f of this.faults) {
			const { rule } = f;
			if (f.left <= 0) continue;
			if (rule.fault.kind === 'hold' && rule.fault.gate.opened) continue;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			if (typeof rule.path === 'string' && rule.path !== path && rule.path !== full) continue;
			if (rule.path instanceof RegExp) {
				rule.path.lastIndex = 0;
				const hit = rule.path.test(path);
				rule.path.lastIndex = 0;
				if (!hit && !rule.path.test(full)) continue;
			}
			if (rule.query && !Object.entries(rule.query).every(([name, value]) => String(query[name]) === value)) continue;
			if (f.skip > 0) {
				f.skip--;
				continue;
			}
			f.left--;
			return rule;
		}
		return undefined;
	}

	/** Plays a fault: true when that was the answer (or its absence), false when the request carries on ('slow', 'hold'). */
	private async playFault(res: http.ServerResponse, entry: LoggedRequest, key: ApiKey | undefined, fault: Fault): Promise<boolean> {
		switch (fault.kind) {
			case 'slow':
				await this.sleep(fault.ms);
				return false;
			case 'hold':
				await fault.gate.pass();
				return false;
			case 'silent':
				// the client gives up, or stop() closes the connection
				await new Promise((resolve) => (res.destroyed ? resolve(undefined) : res.once('close', resolve)));
				entry.status = 0;
				this.finishers.get(res)?.();
				return true;
			case 'drop':
				entry.status = 0;
				res.socket?.destroy();
				this.finishers.get(res)?.();
				return true;
			case 'nonJson':
				this.reply(res, entry, { status: 200, json: MAINTENANCE_HTML, contentType: 'text/html; charset=UTF-8' });
				return true;
			case 'status': {
				if (fault.status === 429) this.countRefusal(key);
				const body = fault.body ?? JSON.stringify({ error_message: http.STATUS_CODES[fault.status] ?? 'Error' });
				const headers: Record<string, string> = { ...fault.headers };
				if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
				this.reply(res, entry, { status: fault.status, json: body, contentType: fault.contentType ?? guessType(body), headers });
				return true;
			}
		}
	}

	private reply(res: http.ServerResponse, entry: LoggedRequest, r: Reply): void {
		entry.status = r.status;
		if (!res.destroyed) {
			let payload: string | Buffer = r.bytes ?? r.json ?? '';
			if (this.behaviour.dateFormat === 'zoneless' && (r.contentType ?? 'application/json').includes('json'))
				payload = zoneless(payload.toString());
			res.writeHead(r.status, {
				'Content-Type': r.contentType ?? 'application/json',
				'Content-Length': String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length),
				...r.headers,
			});
			res.end(payload);
		}
		this.finishers.get(res)?.();
	}

	private sleep(ms: number): Promise<void> {
		if (!(ms > 0)) return Promise.resolve();
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				resolve();
			}, ms);
			this.timers.add(t);
		});
	}
}

/** The most of `entries` in flight at one moment, leaving out those answered 429 (refused at once when too many). */
export function peakAccepted(entries: LoggedRequest[]): number {
	const events = entries
		.filter((entry) => entry.status !== 429)
		.flatMap((entry) => [
			[entry.startedAt, 1],
			[entry.endedAt, -1],
		]);
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let peak = 0;
	for (const [, step] of events) peak = Math.max(peak, (open += step));
	return peak;
}

// ---------- helpers ----------

/**
 * A path that could reach somewhere else than it names: dot segments (plain or percent-encoded),
 * encoded slashes or backslashes, empty segments. The real API's web server may resolve any of these.
 */
export function isSteered(rawUrl: string): boolean {
	const rawPath = rawUrl.split(/[?#]/)[0].replace(/\/+$/, '');
	if (/%2f|%5c|\\/i.test(rawPath)) return true;
	return rawPath
		.split('/')
		.slice(1)
		.some((segment) => {
			let decoded: string;
			try {
				decoded = decodeURIComponent(segment);
			} catch {
				return true;
			}
			return decoded === '' || decoded === '.' || decoded === '..';
		});
}

function cloneBehaviour(b: Behaviour): Behaviour {
	return { ...b, dailyQuota: { ...b.dailyQuota }, flagFilter: { ...b.flagFilter }, backpressure: b.backpressure && { ...b.backpressure } };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function guessType(body: string): string {
	const s = body.trimStart();
	if (s.startsWith('{') || s.startsWith('[')) return 'application/json';
	if (s.startsWith('<')) return 'text/html; charset=UTF-8';
	return 'text/plain; charset=UTF-8';
}

function parseDate(v: string, what: string): number {
	const iso = normaliseDate(v);
	if (!iso) throw new Error(`Invalid ${what}: ${v}`);
	return Date.parse(iso);
}

function wantsRecording(partial: Partial<Lead>): boolean | undefined {
	return partial.recording === undefined ? undefined : Boolean(partial.recording);
}

function typeKey(label: string | undefined): LeadTypeKey | undefined {
	if (label === undefined) return undefined;
	return (Object.keys(LEAD_TYPES) as LeadTypeKey[]).find((k) => LEAD_TYPES[k] === label);
}

/** Test-helper input → stored form: enum labels (snake_case accepted), canonical dates, [] for empty maps. */
function normaliseLead(partial: Partial<Lead>): Partial<Lead> {
	const out: Partial<Lead> = { ...partial };
	const enums: [keyof Lead, Record<string, string>][] = [
		['lead_type', LEAD_TYPES],
		['lead_status', LEAD_STATUSES],
		['quotable', QUOTABLE],
	];
	for (const [field, map] of enums) {
		if (partial[field] === undefined) continue;
		const label = toLabel(map, partial[field]);
		if (!label) throw new Error(`Invalid ${field}: ${String(partial[field])}`);
		(out as Record<string, unknown>)[field] = label;
	}
	for (const field of ['date_created', 'last_updated'] as const) {
		const v = partial[field];
		if (v !== undefined) out[field] = isoSec(parseDate(v, field));
	}
	for (const field of ['additional_fields', 'field_mappings', 'custom_fields', 'lead_analysis'] as const) {
		if (partial[field] !== undefined) out[field] = looseMap(partial[field]);
	}
	// recording: null = none; a URL is kept; any other string asks for the canonical URLs
	if (partial.recording === null || partial.recording === '') {
		out.recording = null;
		out.play_recording = null;
	} else if (typeof partial.recording === 'string' && !/^https?:/.test(partial.recording)) {
		delete out.recording;
	}
	return out;
}

/** Keeps data.recordings in step with the lead's recording field. */
function syncRecording(store: Store, lead: Lead): void {
	if (!lead.recording) {
		store.recordings.delete(lead.lead_id);
		return;
	}
	if (!lead.play_recording) lead.play_recording = `${lead.recording}/play`;
	if (!store.recordings.has(lead.lead_id)) store.recordings.set(lead.lead_id, recordingFor(lead.lead_id));
}
