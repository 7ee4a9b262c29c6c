import type { IDataObject } from 'n8n-workflow';

/**
 * The polling trigger's cursor, as plain JSON for the workflow's static data. Pure functions: the
 * node reads pages, then asks these what to emit and what to store. Times are whole seconds since
 * the epoch, as WhatConverts compares them.
 *
 * Both events watch a window that starts `lateSeconds` before the previous poll: New Lead by
 * creation time (the query starts there), Updated Lead by last_updated (the whole look-back window
 * is read, its edits are told apart here). A lead saved or edited late, with a time up to that much
 * before the previous poll, is still caught; the cursor keeps the ids met in the window, so none is
 * emitted twice. Old entries age out with the clock, not with new leads: a burst stops costing extra
 * requests, and stops taking space, once it is older than the window.
 */

export interface WindowCursor {
	/** Times before this are out of the window (and, for New Lead, out of the query). Absent: read all. */
	from?: number;
	/** The ids met in the window by time (New Lead: by minute): [time, encodeIds(ids)], oldest first. */
	seen: Array<[number, string]>;
}

/** The cursor of the first release (New Lead: [id, date] pairs; Updated Lead: every id of the look-back window). */
export interface LegacyCursor {
	from?: number;
	seen?: Array<[number, number] | [number, string]>;
	known?: Record<string, number>;
}

/** The cursor kept in the node's static data: its `from` and `seen`, and the first release's forms of them. */
export function cursorIn(data: IDataObject): LegacyCursor {
	const cursor: LegacyCursor = {};
	if (typeof data.from === 'number') cursor.from = data.from;
	if (Array.isArray(data.seen)) cursor.seen = data.seen as LegacyCursor['seen'];
	if (data.known && typeof data.known === 'object') cursor.known = data.known as LegacyCursor['known'];
	return cursor;
}

/** Whole seconds since the epoch of a date-time as WhatConverts writes it (0 when it is none). */
export function epochSeconds(text: unknown): number {
	const ms = Date.parse(String(text));
	return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

const idOf = (lead: IDataObject) => Number(lead.lead_id);
const createdOf = (lead: IDataObject) => epochSeconds(lead.date_created);
const updatedOf = (lead: IDataObject) => epochSeconds(lead.last_updated);
/**
 * New Lead keeps its ids by the minute of creation (rounded up, so an id is never dropped while
 * the query still returns its lead): a window then holds at most a few dozen groups.
 */
const minuteOf = (lead: IDataObject) => Math.ceil(createdOf(lead) / 60) * 60;
/** Edited after its creation: a new lead's last_updated is its creation time. */
const isEdited = (lead: IDataObject) => updatedOf(lead) > createdOf(lead);

/** Oldest first, ties by id: the order New Lead emits in. */
function byCreation(a: IDataObject, b: IDataObject): number {
	return createdOf(a) - createdOf(b) || idOf(a) - idOf(b);
}

const byUpdate = (a: IDataObject, b: IDataObject) => updatedOf(a) - updatedOf(b) || idOf(a) - idOf(b);

/**
 * Sorted ids as base-36 steps from the previous id (the first from 0); `step*count` stands for
 * `count` ids `step` apart. Lead ids mostly come in runs, so a burst of thousands takes a few bytes.
 */
function encodeIds(ids: number[]): string {
	const sorted = [...new Set(ids)].sort((a, b) => a - b);
	const tokens: string[] = [];
	let previous = 0;
	for (let i = 0; i < sorted.length; ) {
		const step = sorted[i] - previous;
		let count = 1;
		while (i + count < sorted.length && sorted[i + count] - sorted[i + count - 1] === step) count++;
		tokens.push(count > 1 ? `${step.toString(36)}*${count.toString(36)}` : step.toString(36));
		previous = sorted[i + count - 1];
		i += count;
	}
	return tokens.join(',');
}

function decodeIds(text: string): number[] {
	const ids: number[] = [];
	let previous = 0;
	for (const token of text ? text.split(',') : []) {
		const [step, count = '1'] = token.split('*').map((part) => parseInt(part, 36));
		for (let k = 0; k < Number(count); k++) ids.push((previous += step));
	}
	return ids;
}

/** id → time of every id the cursor holds. Reads the first release's [id, date] pairs too. */
function seenOf(cursor: LegacyCursor): Map<number, number> {
	const seen = new Map<number, number>();
	for (const [first, second] of cursor.seen ?? []) {
		if (typeof second === 'string') for (const id of decodeIds(second)) seen.set(id, first);
		else seen.set(first, second);
	}
	return seen;
}

function cursorOf(seen: Map<number, number>, from: number | undefined): WindowCursor {
	const byTime = new Map<number, number[]>();
	for (const [id, time] of seen) {
		if (from !== undefined && time < from) continue;
		const ids = byTime.get(time);
		if (ids) ids.push(id);
		else byTime.set(time, [id]);
	}
	const entries = [...byTime].sort((a, b) => a[0] - b[0]);
	return { ...(from === undefined ? {} : { from }), seen: entries.map(([time, ids]) => [time, encodeIds(ids)]) };
}

/** Where the window starts after a poll at `nowSeconds`: never earlier than before, nor later than `limit`. */
function nextFrom(previous: number | undefined, nowSeconds: number, lateSeconds: number, limit?: number): number {
	const from = Math.max(previous ?? -Infinity, nowSeconds - lateSeconds);
	return limit === undefined ? from : Math.min(from, limit);
}

export interface PollOutcome<C> {
	/** What to emit, in order. */
	emit: IDataObject[];
	cursor: C;
}

/**
 * New Lead at activation: what exists now counts as seen. `complete` false: only the newest page was
 * read, so the window starts after its oldest lead (leads at or before it were not all read).
 */
export function startNewLeadCursor(newest: IDataObject[], complete: boolean, nowSeconds: number, lateSeconds: number): WindowCursor {
	const oldest = newest.length ? Math.min(...newest.map(createdOf)) : undefined;
	let from = nowSeconds - lateSeconds;
	if (!complete && oldest !== undefined) from = Math.max(from, oldest + 1);
	return cursorOf(new Map(newest.map((lead) => [idOf(lead), minuteOf(lead)])), from);
}

/**
 * New Lead after a read of every lead created at or after `cursor.from` (oldest first). `readUpTo`:
 * the read stopped early (poll budget) at a lead of that time, so the next query starts no later.
 * `hold`: the list shrank while it was read, so a lead may have slipped between two pages; the
 * window does not move, and the next poll reads it again.
 */
export function pollNewLeads(
	cursor: LegacyCursor,
	read: IDataObject[],
	nowSeconds: number,
	lateSeconds: number,
	options: { readUpTo?: number; hold?: boolean } = {},
): PollOutcome<WindowCursor> {
	const seen = seenOf(cursor);
	const fresh = new Map<number, IDataObject>();
	for (const lead of read) {
		if (!seen.has(idOf(lead))) fresh.set(idOf(lead), lead);
		seen.set(idOf(lead), minuteOf(lead));
	}
	const limit = options.hold ? cursor.from : options.readUpTo;
	const from = options.hold && cursor.from === undefined ? undefined : nextFrom(cursor.from, nowSeconds, lateSeconds, limit);
	return { emit: [...fresh.values()].sort(byCreation), cursor: cursorOf(seen, from) };
}

/**
 * Updated Lead after a read of the whole look-back window: the leads edited in the window (by
 * last_updated) and not met with that last_updated before. The cursor keeps only the leads edited
 * in the window, not every lead of the look-back window. `start`: the first poll, which only
 * remembers. The first release's cursor (every lead with its last_updated) is honoured once.
 */
export function pollUpdatedLeads(
	cursor: LegacyCursor | undefined,
	read: IDataObject[],
	nowSeconds: number,
	lateSeconds: number,
	options: { hold?: boolean } = {},
): PollOutcome<WindowCursor> {
	const previous = cursor ?? { seen: [] };
	const seen = seenOf(previous);
	const changed = new Map<number, IDataObject>();
	for (const lead of read) {
		const id = idOf(lead);
		const updated = updatedOf(lead);
		if (cursor?.known) {
			const known = cursor.known[String(id)];
			if (known === undefined ? isEdited(lead) : updated !== known) changed.set(id, lead);
		} else if (cursor && isEdited(lead) && updated >= (previous.from ?? -Infinity) && seen.get(id) !== updated) {
			changed.set(id, lead);
		}
		if (isEdited(lead)) seen.set(id, updated);
	}
	const from = options.hold && previous.from !== undefined ? previous.from : nextFrom(previous.from, nowSeconds, lateSeconds);
	return { emit: [...changed.values()].sort(byUpdate), cursor: cursorOf(seen, from) };
}
