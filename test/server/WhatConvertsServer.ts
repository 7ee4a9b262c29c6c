// A local stand-in for the WhatConverts API v1: HTTP server, auth, limits, faults,
// request log, and routing to the handlers in ./routes. Listens on 127.0.0.1 only.
//
// Order of play for each request: in-flight limit per key (immediate 429) → injected fault
// (a 'slow' fault waits, then carries on) → latencyMs → unknown path (HTML 404) → auth (401)
// → daily quota (429) → backpressure window (429) → bad body (400) → agency-only check →
// the handler. Faulted requests and 404s do not count against the quota.
//
// Choices where the docs are silent:
// - lead lists leave spam and duplicate leads out; spam=true / duplicate=true return only them;
// - a date-only end_date covers its whole day, but counts as its midnight for the 400-day
//   span check (so 2024-01-01..2025-02-04 is allowed, ..2025-02-05 is not);
// - total_pages is 0 for an empty list; page sizes are clamped to 1..max; unknown query
//   parameters (page, per_page) are ignored, as the real API does;
// - tracking lists are `numbers` (documented) and `forms` (by analogy).
//
// Leads: change them through addLead(s)/updateLead()/the API. After editing a Lead object
// by hand, call server.data.touch(lead): list pages use cached per-lead JSON and cached
// filter results.

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
	type ApiKey,
	type Lead,
	type LeadTypeKey,
} from './data';
import { agencyRoutes } from './routes/agency';
import { ApiError, fail, type Ctx, type Reply, type Route } from './routes/common';
import { leadRoutes } from './routes/leads';
import { trackingRoutes } from './routes/tracking';

export {
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
}) as Readonly<Behaviour>;

export type Fault =
	| { kind: 'status'; status: number; body?: string; contentType?: string; retryAfter?: string; headers?: Record<string, string> }
	| { kind: 'drop' }
	| { kind: 'slow'; ms: number }
	| { kind: 'nonJson' };

export interface FaultRule {
	fault: Fault;
	times: number;
	method?: string;
	/** matched against the path below /api/v1 (e.g. '/leads') or the full path */
	path?: string | RegExp;
	/** let this many matching requests through first */
	afterRequests?: number;
}

export interface LoggedRequest {
	method: string;
	/** path below /api/v1 ('/leads'); paths outside it as received */
	path: string;
	query: Flat;
	body: unknown;
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
		if (this.options.seed === 'demo') seedDemoLeads(store, this.now(), this.options.demoLeads ?? 3000);
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

	/** Empties the log, faults, counters and quota usage; behaviour back to the constructor's. Data is kept. */
	reset(): void {
		this.log.length = 0;
		this.faults = [];
		this.maxInFlightSeen = this.inFlight;
		this.quota.clear();
		this.behaviour = cloneBehaviour(this.defaults);
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
		const batch: Lead[] = [];
		for (let i = 0; i < count; i++) {
			const date = isoSec(start + i * step);
			const lead = generateLead({ leadId: this.data.nextId.lead++, profile, account, date, type, recorded });
			Object.assign(lead, fields);
			if (fields.last_updated === undefined) lead.last_updated = lead.date_created;
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
		const lead = generateLead({ leadId, profile, account, date, type: typeKey(fields.lead_type), recorded: wantsRecording(partial) });
		Object.assign(lead, fields);
		if (fields.last_updated === undefined) lead.last_updated = lead.date_created;
		if (leadId >= this.data.nextId.lead) this.data.nextId.lead = leadId + 1;
		syncRecording(this.data, lead);
		this.data.insertLead(lead);
		return lead;
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
			body: undefined,
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
			this.overQuota(key);
			return this.reply(res, entry, fail(429, `Too many concurrent requests: at most ${b.maxInFlight} requests may be in flight at once.`));
		}

		const fault = this.takeFault(method, path, full);
		if (fault?.kind === 'slow') await this.sleep(fault.ms);
		await this.sleep(b.latencyMs);
		if (fault && fault.kind !== 'slow') return this.applyFault(req, res, entry, fault);

		// The raw path as sent: new URL() has already resolved its dot segments.
		const match = inApi && !isSteered(req.url ?? '/') ? this.match(method, path) : undefined;
		if (!match) {
			entry.offRoute = true;
			return this.reply(res, entry, { status: 404, json: NOT_FOUND_HTML, contentType: 'text/html; charset=UTF-8' });
		}

		if (auth.kind === 'none') return this.reply(res, entry, fail(401, 'Authentication not provided.'));
		if (!key) return this.reply(res, entry, fail(401, 'Authentication failed.'));
		if (this.overQuota(key)) return this.reply(res, entry, fail(429, b.quotaMessage));
		const bp = b.backpressure;
		if (bp && (Date.now() - this.startedAtMs) % bp.periodMs < bp.blockedMs) {
			return this.reply(res, entry, fail(429, 'Too many requests. Please slow down.'));
		}
		if (bodyError) return this.reply(res, entry, fail(400, bodyError));
		if (match.route.agency && key.kind !== 'master') {
			return this.reply(res, entry, fail(b.agencyOnlyStatus, 'Agency Key is required to access this resource.'));
		}

		const ctx: Ctx = { store: this.data, behaviour: b, now: this.now, key, query: entry.query, body, params: match.params };
		let answer: Reply;
		try {
			answer = match.route.handler(ctx);
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			answer = fail(e.status, e.message);
		}
		this.reply(res, entry, answer);
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

	/** Counts one request against the key's daily quota; true when over it. */
	private overQuota(key: ApiKey): boolean {
		const day = this.today();
		let q = this.quota.get(key.token);
		if (!q || q.day !== day) this.quota.set(key.token, (q = { day, used: 0 }));
		q.used++;
		return q.used > this.behaviour.dailyQuota[key.kind];
	}

	private match(method: string, path: string): { route: Route; params: string[] } | undefined {
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const m = route.pattern.exec(path);
			if (m) return { route, params: m.slice(1).map(decodeURIComponent) };
		}
		return undefined;
	}

	private takeFault(method: string, path: string, full: string): Fault | undefined {
		for (const f of this.faults) {
			const { rule } = f;
			if (f.left <= 0) continue;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			if (typeof rule.path === 'string' && rule.path !== path && rule.path !== full) continue;
			if (rule.path instanceof RegExp) {
				rule.path.lastIndex = 0;
				const hit = rule.path.test(path);
				rule.path.lastIndex = 0;
				if (!hit && !rule.path.test(full)) continue;
			}
			if (f.skip > 0) {
				f.skip--;
				continue;
			}
			f.left--;
			return rule.fault;
		}
		return undefined;
	}

	private applyFault(req: http.IncomingMessage, res: http.ServerResponse, entry: LoggedRequest, fault: Fault): void {
		switch (fault.kind) {
			case 'drop':
				entry.status = 0;
				req.socket.destroy();
				this.finishers.get(res)?.();
				return;
			case 'nonJson':
				return this.reply(res, entry, { status: 200, json: MAINTENANCE_HTML, contentType: 'text/html; charset=UTF-8' });
			case 'status': {
				const body = fault.body ?? JSON.stringify({ error_message: http.STATUS_CODES[fault.status] ?? 'Error' });
				const headers: Record<string, string> = { ...fault.headers };
				if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
				return this.reply(res, entry, { status: fault.status, json: body, contentType: fault.contentType ?? guessType(body), headers });
			}
			default:
				return;
		}
	}

	private reply(res: http.ServerResponse, entry: LoggedRequest, r: Reply): void {
		entry.status = r.status;
		if (!res.destroyed) {
			const payload = r.bytes ?? r.json ?? '';
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
	return { ...b, dailyQuota: { ...b.dailyQuota }, backpressure: b.backpressure && { ...b.backpressure } };
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
