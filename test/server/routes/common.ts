// What every handler shares: the request context, replies, errors, paging, params.

import type { Flat, Nested } from '../body';
import type { ApiKey, Store } from '../data';
import { isoSec } from '../data';
import type { Behaviour } from '../WhatConvertsServer';

export interface Ctx {
	store: Store;
	behaviour: Behaviour;
	now: () => number;
	key: ApiKey;
	query: Flat;
	body: Nested;
	/** regex groups of the matched route */
	params: string[];
	/** this request's number since the last reset (seeds what varies per request) */
	requestNo: number;
}

export interface Reply {
	status: number;
	/** serialised JSON body (handlers that care about speed build it themselves) */
	json?: string;
	bytes?: Buffer;
	contentType?: string;
	headers?: Record<string, string>;
}

export interface Route {
	method: string;
	pattern: RegExp;
	/** master (agency) key only */
	agency?: boolean;
	handler: (ctx: Ctx) => Reply;
}

export const ok = (value: unknown): Reply => ({ status: 200, json: JSON.stringify(value) });
export const fail = (status: number, message: string): Reply => ({ status, json: JSON.stringify({ error_message: message }) });

/** Thrown anywhere in a handler to answer with an error_message. */
export class ApiError extends Error {
	constructor(
		public status: number,
		message: string,
	) {
		super(message);
	}
}
export const bad = (message: string): ApiError => new ApiError(400, message);

/** The unknown-id answer: 400 "Invalid lead ID." or 404 JSON, per behaviour (undocumented: the server plays each). */
export function unknownId(ctx: Ctx, what: string): ApiError {
	return ctx.behaviour.unknownIdStatus === 404
		? new ApiError(404, `${what[0].toUpperCase()}${what.slice(1)} not found.`)
		: new ApiError(400, `Invalid ${what} ID.`);
}

export function idParam(ctx: Ctx, i: number, what: string): number {
	const v = ctx.params[i];
	if (!/^\d+$/.test(v)) throw unknownId(ctx, what);
	return Number(v);
}

// ---------- query parameters ----------

/** A single query value (the last one when repeated). */
export function q(ctx: Ctx, name: string): string | undefined {
	const v = ctx.query[name];
	return Array.isArray(v) ? v[v.length - 1] : v;
}

export function intParam(ctx: Ctx, name: string): number | undefined {
	const v = q(ctx, name);
	if (v === undefined || v === '') return undefined;
	if (!/^-?\d+$/.test(v.trim())) throw bad(`Invalid ${name}: '${v}' is not a number.`);
	return Number(v);
}

export function enumParam<T extends string>(ctx: Ctx, name: string, allowed: readonly T[]): T | undefined {
	const v = q(ctx, name);
	if (v === undefined || v === '') return undefined;
	if (!(allowed as readonly string[]).includes(v)) throw bad(`Invalid ${name}: '${v}'. Valid values: ${allowed.join(', ')}.`);
	return v as T;
}

export function boolParam(ctx: Ctx, name: string): boolean | undefined {
	const v = enumParam(ctx, name, ['true', 'false'] as const);
	return v === undefined ? undefined : v === 'true';
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO date or date-time (UTC when no zone) → ms; date-only end dates cover their whole day. With
 * behaviour.dateFilter 'day' a date-time counts as its whole day too.
 */
export function dateParam(ctx: Ctx, name: string, end = false): { ms: number; dateOnly: boolean } | undefined {
	const v = q(ctx, name);
	if (v === undefined || v === '') return undefined;
	const dateOnly = DATE_ONLY.test(v);
	if (!dateOnly && !DATE_TIME.test(v))
		throw bad(`Invalid ${name}: '${v}'. Use an ISO 8601 date or date-time in UTC, e.g. 2025-01-31 or 2025-01-31T00:00:00Z.`);
	let iso = dateOnly ? `${v}T00:00:00Z` : v.replace(' ', 'T');
	if (!dateOnly && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
	const ms = Date.parse(iso);
	if (Number.isNaN(ms)) throw bad(`Invalid ${name}: '${v}' is not a valid date.`);
	const byDay = dateOnly || ctx.behaviour.dateFilter === 'day';
	const start = byDay ? Math.floor(ms / 86_400_000) * 86_400_000 : Math.floor(ms / 1000) * 1000; // second resolution
	return { ms: byDay && end ? start + 86_399_000 : start, dateOnly: byDay };
}

export interface DateRange {
	from?: string;
	to?: string;
}
/** start_date/end_date as inclusive isoSec bounds; optionally enforces the 400-day limit. */
export function dateRange(ctx: Ctx, maxDays?: number): DateRange {
	const s = dateParam(ctx, 'start_date');
	const e = dateParam(ctx, 'end_date', true);
	if (s && e) {
		if (e.ms < s.ms) throw bad('end_date must not be before start_date.');
		// a date-only end_date counts as its day (midnight) for the span check
		const endForSpan = e.dateOnly ? e.ms - 86_399_000 : e.ms;
		if (maxDays !== undefined && endForSpan - s.ms > maxDays * 86_400_000) {
			throw bad(`The date range between start_date and end_date cannot exceed ${maxDays} days.`);
		}
	}
	return { from: s && isoSec(s.ms), to: e && isoSec(e.ms) };
}

// ---------- paging ----------

export interface Paging {
	page: number;
	size: number;
	sizeKey: string;
}
/** 1-based page_number and a clamped page size (default 25). */
export function paging(ctx: Ctx, sizeKey: string, max: number): Paging {
	const page = Math.max(1, intParam(ctx, 'page_number') ?? 1);
	const size = Math.min(max, Math.max(1, intParam(ctx, sizeKey) ?? 25));
	return { page, size, sizeKey };
}

/** The list envelope, in the API's key order; past the last page: empty array. */
export function envelope<T>(name: string, p: Paging, all: readonly T[], render: (x: T) => unknown = (x) => x): Reply {
	const items = all.slice((p.page - 1) * p.size, p.page * p.size).map(render);
	return ok({
		page_number: p.page,
		[p.sizeKey]: p.size,
		total_pages: Math.ceil(all.length / p.size),
		[`total_${name}`]: all.length,
		[name]: items,
	});
}

/** A single object: bare, or the list envelope with one item (undocumented: the server plays each). */
export function single(ctx: Ctx, name: string, sizeKey: string, item: unknown): Reply {
	if (ctx.behaviour.singleObject === 'bare') return ok(item);
	return ok({ page_number: 1, [sizeKey]: 25, total_pages: 1, [`total_${name}`]: 1, [name]: [item] });
}

/** A create/edit answer: the whole object or only its id (undocumented: the server plays each). */
export function written(ctx: Ctx, idKey: string, id: number, whole: () => unknown): Reply {
	return ctx.behaviour.writeAnswer === 'idOnly' ? ok({ [idKey]: id }) : ok(whole());
}

/** Filters by date_created range and orders by date (ties by id); default desc. */
export function byDate<T extends { date_created: string }>(ctx: Ctx, xs: readonly T[], id: (x: T) => number): T[] {
	const { from, to } = dateRange(ctx);
	const order = enumParam(ctx, 'order', ['asc', 'desc'] as const) ?? 'desc';
	const out = xs.filter((x) => (!from || x.date_created >= from) && (!to || x.date_created <= to));
	out.sort((a, b) => (a.date_created < b.date_created ? -1 : a.date_created > b.date_created ? 1 : id(a) - id(b)));
	if (order === 'desc') out.reverse();
	return out;
}

// ---------- body fields ----------

export function str(v: unknown): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return undefined;
}

export function requiredStr(body: Nested, name: string): string {
	const v = str(body[name])?.trim();
	if (!v) throw bad(`${name} is required.`);
	return v;
}

export function boolField(body: Nested, name: string): boolean | undefined {
	const v = body[name];
	if (v === undefined || v === '') return undefined;
	if (v === true || v === 'true' || v === '1' || v === 1) return true;
	if (v === false || v === 'false' || v === '0' || v === 0) return false;
	throw bad(`Invalid ${name}: '${String(v)}'. Use true or false.`);
}

/** A number field; '' or null clears it (null). */
export function numField(body: Nested, name: string): number | null | undefined {
	const v = body[name];
	if (v === undefined) return undefined;
	if (v === '' || v === null) return null;
	const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
	if (!Number.isFinite(n)) throw bad(`Invalid ${name}: '${String(v)}' is not a number.`);
	return n;
}

/** A map field (additional_fields[Name]=value, or a JSON object). */
export function mapField(body: Nested, name: string): Record<string, string> | undefined {
	const v = body[name];
	if (v === undefined) return undefined;
	if (Array.isArray(v) && v.length === 0) return {};
	if (v === null || typeof v !== 'object' || Array.isArray(v)) {
		throw bad(`Invalid ${name}: send it as a map, e.g. ${name}[Name]=value.`);
	}
	const out: Record<string, string> = {};
	for (const [k, x] of Object.entries(v as Nested)) out[k] = str(x) ?? JSON.stringify(x);
	return out;
}

export function nowIso(ctx: Ctx): string {
	return isoSec(ctx.now());
}
