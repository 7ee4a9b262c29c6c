import type { IDataObject } from 'n8n-workflow';

import { epochSecondsOf } from '../parameters/dates';
import { isLive, stillGoing } from '../shared/leadState';

/**
 * The polling trigger's cursor, as plain JSON for the workflow's static data, and what a poll emits.
 * No requests here: the node streams the pages it reads into a poll (`take`), then stores what the
 * poll ends with (`finish`). Only the leads to emit are kept, never a whole read. Times are whole
 * seconds since the epoch, as WhatConverts compares them.
 *
 * Both events watch a window that starts some time before the previous poll: New Lead by creation
 * time (the query starts there), Updated Lead by last_updated (the whole look-back window is read,
 * its edits are told apart here). The cursor keeps the ids met in the window, so none is emitted
 * twice. Old entries age out with the clock, not with new leads: a burst stops costing extra
 * requests, and stops taking space, once it is older than the window.
 */

export interface WindowCursor {
	/** Times before this are out of the window (and, for New Lead, out of the query). Absent: a first read. */
	from?: number;
	/** The ids met in the window by time (New Lead: by minute; Updated Lead: by last_updated): [time, encodeIds(ids)], oldest first. */
	seen: Array<[number, string]>;
	/** Updated Lead: calls and chats met while still going, by creation time, so that their end is not taken for an edit. */
	going?: Array<[number, string]>;
	/** Where a read that ran out of time goes on at the next poll; Updated Lead: and when that read of the look-back window began. */
	resume?: { at: number; started?: number };
}

const isPair = (entry: unknown): entry is [number, string] =>
	Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'number' && typeof entry[1] === 'string';

/** The cursor kept in the node's static data, or undefined when there is none (a first poll). */
export function cursorIn(data: IDataObject): WindowCursor | undefined {
	const pairs = (value: unknown) => (Array.isArray(value) && value.every(isPair) ? (value as Array<[number, string]>) : undefined);
	const seen = pairs(data.seen);
	if (!seen) return undefined;
	const cursor: WindowCursor = { seen };
	if (typeof data.from === 'number') cursor.from = data.from;
	const going = pairs(data.going);
	if (going) cursor.going = going;
	const resume = data.resume as IDataObject | undefined;
	if (typeof resume?.at === 'number')
		cursor.resume = { at: resume.at, ...(typeof resume.started === 'number' ? { started: resume.started } : {}) };
	return cursor;
}

/** Whole seconds since the epoch of a date WhatConverts wrote (UTC unless it names a zone; 0 when it is none). */
export const epochSeconds = (text: unknown): number => epochSecondsOf(text) ?? 0;

const idOf = (lead: IDataObject) => Number(lead.lead_id);
const createdOf = (lead: IDataObject) => epochSeconds(lead.date_created);
const updatedOf = (lead: IDataObject) => epochSeconds(lead.last_updated);
/**
 * New Lead keeps its ids by the minute of creation (rounded up, so an id is never dropped while
 * the query still returns its lead): a window then holds at most a few dozen groups.
 */
const minuteOf = (lead: IDataObject) => Math.ceil(createdOf(lead) / 60) * 60;

/** A call's length in seconds: call_duration_seconds, or call_duration ("13 seconds", "2:05"). */
function durationOf(lead: IDataObject): number | undefined {
	const { call_duration_seconds: seconds, call_duration: text } = lead;
	if (typeof seconds === 'number' && Number.isFinite(seconds)) return seconds;
	if (typeof seconds === 'string' && /^\d+$/.test(seconds.trim())) return Number(seconds);
	const written = typeof text === 'string' ? text.trim() : '';
	const clock = /^(?:(\d+):)?(\d+):(\d{2})$/.exec(written);
	if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
	const words = /^(\d+)\s*(?:s|secs?|seconds?)$/i.exec(written);
	return words ? Number(words[1]) : undefined;
}

/**
 * How long after its own end a lead's last_updated may read and still be that end, not an edit:
 * WhatConverts rounds a call's duration, and finishes a call's record a few seconds after it ends.
 */
export const SETTLE_SECONDS = 60;
/** How long Updated Lead remembers a call or chat it met still going. */
const GOING_KEPT_SECONDS = 86_400;

/** Oldest first, ties by id: the order New Lead emits in. */
const byCreation = (a: IDataObject, b: IDataObject) => createdOf(a) - createdOf(b) || idOf(a) - idOf(b);
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

/** id → time of the ids kept as [time, encoded ids] groups. */
function mapOf(groups: Array<[number, string]> = []): Map<number, number> {
	const map = new Map<number, number>();
	for (const [time, ids] of groups) for (const id of decodeIds(ids)) map.set(id, time);
	return map;
}

/** The ids with a time at or after `from`, as [time, encoded ids] groups, oldest first. */
function groupsOf(map: Map<number, number>, from: number | undefined): Array<[number, string]> {
	const byTime = new Map<number, number[]>();
	for (const [id, time] of map) {
		if (from !== undefined && time < from) continue;
		const ids = byTime.get(time);
		if (ids) ids.push(id);
		else byTime.set(time, [id]);
	}
	return [...byTime].sort((a, b) => a[0] - b[0]).map(([time, ids]) => [time, encodeIds(ids)]);
}

/** Where the window starts after a poll at `nowSeconds`: never earlier than before, nor later than `limit`. */
function nextFrom(previous: number | undefined, nowSeconds: number, windowSeconds: number, limit?: number): number {
	const from = Math.max(previous ?? -Infinity, nowSeconds - windowSeconds);
	return limit === undefined ? from : Math.min(from, limit);
}

/**
 * New Lead at activation, from the newest page: what exists now counts as seen, but for calls and
 * chats still going that New Lead waits for. `complete` false: only the newest page was read, so the
 * window starts after its oldest lead (leads at or before it were not all read).
 */
export function startNewLeadCursor(
	newest: IDataObject[],
	complete: boolean,
	nowSeconds: number,
	windowSeconds: number,
	waitSeconds: number,
): WindowCursor {
	const oldest = newest.length ? Math.min(...newest.map(createdOf)) : undefined;
	let from = nowSeconds - windowSeconds;
	if (!complete && oldest !== undefined) from = Math.max(from, oldest + 1);
	const waitedFor = (lead: IDataObject) => waitSeconds > 0 && !!stillGoing(lead) && createdOf(lead) >= nowSeconds - waitSeconds;
	const seen = new Map(newest.filter((lead) => !waitedFor(lead)).map((lead) => [idOf(lead), minuteOf(lead)]));
	return { from, seen: groupsOf(seen, from) };
}

/**
 * A New Lead poll over the leads created since `cursor.from`, read oldest first: each lead not met
 * before is emitted once, oldest first. A call or chat still going is left for a later poll while it
 * is younger than `waitSeconds` (it is read again, since the window reaches that far back), then
 * emitted as it is.
 */
export class NewLeadPoll {
	private readonly seen: Map<number, number>;

	private readonly emit: IDataObject[] = [];

	constructor(
		private readonly cursor: WindowCursor,
		private readonly nowSeconds: number,
		private readonly windowSeconds: number,
		private readonly waitSeconds: number,
	) {
		this.seen = mapOf(cursor.seen);
	}

	take(leads: IDataObject[]): void {
		for (const lead of leads) {
			const id = idOf(lead);
			if (this.seen.has(id)) continue;
			if (this.waitSeconds > 0 && stillGoing(lead) && createdOf(lead) >= this.nowSeconds - this.waitSeconds) continue;
			this.seen.set(id, minuteOf(lead));
			this.emit.push(lead);
		}
	}

	/**
	 * What to emit, and the cursor. `stoppedAt`: the read ran out of time at this second; the next
	 * poll goes on from there, and the window moves on once a read has reached the present.
	 */
	finish(stoppedAt?: number): { emit: IDataObject[]; cursor: WindowCursor } {
		const from = nextFrom(this.cursor.from, this.nowSeconds, this.windowSeconds, stoppedAt);
		const cursor: WindowCursor = { from, seen: groupsOf(this.seen, from) };
		if (stoppedAt !== undefined) cursor.resume = { at: stoppedAt };
		return { emit: this.emit.sort(byCreation), cursor };
	}
}

/**
 * An Updated Lead poll over leads of the look-back window: the leads changed since the trigger
 * first met them, each once for each new last_updated within the window. A lead's own end is no
 * change: a completed call whose last_updated is its end (date_created plus its duration, within
 * SETTLE_SECONDS), a call or chat met while it was still going. A lead met for the first time is
 * changed when its last_updated is later than that (a chat gives no duration: one that began and
 * ended between two polls is reported once). The cursor keeps only the leads edited within the
 * window (and the calls and chats met going), not every lead of the look-back window. The first
 * read of the window only remembers.
 */
export class UpdatedLeadPoll {
	private readonly seen: Map<number, number>;

	private readonly going: Map<number, number>;

	private readonly emit: IDataObject[] = [];

	/** The first read of the look-back window: it remembers and emits nothing. */
	private readonly starting: boolean;

	/** Edits before this are out of the window. */
	private readonly from: number;

	/** When this read of the look-back window began (an earlier poll's, when this one goes on with it). */
	readonly started: number;

	constructor(
		private readonly cursor: WindowCursor | undefined,
		nowSeconds: number,
		private readonly lateSeconds: number,
	) {
		this.seen = mapOf(cursor?.seen);
		this.going = mapOf(cursor?.going);
		this.started = cursor?.resume?.started ?? nowSeconds;
		this.starting = cursor?.from === undefined;
		this.from = cursor?.from ?? this.started - lateSeconds;
	}

	take(leads: IDataObject[]): void {
		for (const lead of leads) {
			const id = idOf(lead);
			if (stillGoing(lead)) {
				if (isLive(lead)) this.going.set(id, createdOf(lead));
				continue;
			}
			const updated = updatedOf(lead);
			const known = this.seen.get(id);
			if (known === updated) continue;
			const wasGoing = this.going.delete(id);
			if (updated < this.from) continue;
			let edited: boolean;
			if (known !== undefined) edited = true;
			else if (wasGoing) edited = false;
			else edited = updated > createdOf(lead) + (isLive(lead) ? (durationOf(lead) ?? 0) + SETTLE_SECONDS : 0);
			// A call's or chat's own end is remembered too, so that a change soon after it is told apart.
			if (edited || isLive(lead)) this.seen.set(id, updated);
			if (edited && !this.starting) this.emit.push(lead);
		}
	}

	/**
	 * What to emit, and the cursor. `stoppedAt`: the read ran out of time at this second and goes on
	 * from there at the next poll; the window moves only once the whole look-back window was read.
	 */
	finish(nowSeconds: number, stoppedAt?: number): { emit: IDataObject[]; cursor: WindowCursor } {
		const from = stoppedAt === undefined ? nextFrom(this.cursor?.from, this.started, this.lateSeconds) : this.cursor?.from;
		const cursor: WindowCursor = { ...(from === undefined ? {} : { from }), seen: groupsOf(this.seen, from ?? this.from) };
		const going = groupsOf(this.going, nowSeconds - GOING_KEPT_SECONDS);
		if (going.length) cursor.going = going;
		if (stoppedAt !== undefined) cursor.resume = { at: stoppedAt, started: this.started };
		return { emit: this.emit.sort(byUpdate), cursor };
	}
}
