import type { IDataObject } from 'n8n-workflow';

/**
 * The cursors of the polling trigger, as plain JSON for the workflow's static data. Pure functions:
 * the node reads pages, then asks these what to emit and what to store. Times are whole seconds
 * since the epoch, as WhatConverts compares them.
 */

/**
 * Most ids kept in the overlap: when more leads than this fall in the late-lead window (a burst),
 * the window is narrowed to the newest of them, so that a poll with nothing new still reads one
 * page of 2,500. Right after such a burst, a lead saved late is caught only if dated within it.
 */
export const MAX_SEEN = 2400;

export interface NewLeadCursor {
	/** start_date of the next query (seconds); absent while the profile had no lead at all. */
	from?: number;
	/** [lead_id, date_created] of every lead already emitted (or there at activation) created at or after `from`. */
	seen: Array<[number, number]>;
}

export interface UpdatedLeadCursor {
	/** lead_id → last_updated (seconds) of every lead in the look-back window at the last poll. */
	known: Record<string, number>;
}

export function seconds(text: unknown): number {
	const ms = Date.parse(String(text));
	return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

const idOf = (lead: IDataObject) => Number(lead.lead_id);

/** Oldest first, ties by id: the order leads are emitted in. */
export function byCreation(a: IDataObject, b: IDataObject): number {
	return seconds(a.date_created) - seconds(b.date_created) || idOf(a) - idOf(b);
}

/**
 * Where the next newLead query starts, and which ids it will meet again. The watermark is the newest
 * creation date seen (never later than the clock, so a lead dated in the future cannot push it
 * ahead); the next query starts `overlapSeconds` before it, so leads saved late with an earlier
 * date, or sharing a second with the last ones, are still read, and `seen` tells them apart.
 *
 * `readUpTo`: the read stopped early (poll budget) at a lead of this date; leads after it are unread,
 * so the next query must start no later. `completeFrom`: the read holds every lead from this date on
 * (first activation reads only the newest page).
 */
export function advanceNewLeadCursor(
	previous: NewLeadCursor,
	read: IDataObject[],
	nowSeconds: number,
	overlapSeconds: number,
	options: { readUpTo?: number; completeFrom?: number } = {},
): NewLeadCursor {
	const dates = new Map<number, number>(previous.seen);
	for (const lead of read) dates.set(idOf(lead), seconds(lead.date_created));
	if (dates.size === 0) return { from: previous.from ?? options.completeFrom, seen: [] };

	let newest = -Infinity;
	for (const date of dates.values()) newest = Math.max(newest, date);
	newest = Math.min(newest, nowSeconds);
	let from = Math.max(previous.from ?? -Infinity, options.completeFrom ?? -Infinity, newest - overlapSeconds);
	let seen = [...dates].filter(([, date]) => date >= from).sort((a, b) => b[1] - a[1] || b[0] - a[0]);
	if (seen.length > MAX_SEEN) {
		// Keep every id of the cut-off second: an id dropped while its date is still queried would repeat.
		from = seen[MAX_SEEN - 1][1];
		seen = seen.filter(([, date]) => date >= from);
	}
	if (options.readUpTo !== undefined && from > options.readUpTo) {
		from = options.readUpTo;
		seen = [...dates].filter(([, date]) => date >= from);
	}
	return { from, seen };
}

/** The leads of a read not emitted before, deduplicated (pages may overlap), oldest first. */
export function newLeadsOf(cursor: NewLeadCursor, read: IDataObject[]): IDataObject[] {
	const emitted = new Set(cursor.seen.map(([id]) => id));
	const fresh = new Map<number, IDataObject>();
	for (const lead of read) if (!emitted.has(idOf(lead))) fresh.set(idOf(lead), lead);
	return [...fresh.values()].sort(byCreation);
}

/**
 * The leads of the look-back window whose last_updated moved: a known lead whose value changed, or
 * a lead not seen at the last poll that was edited after its creation (it was created and edited
 * between two polls, or an edit brought it into the filters). Oldest change first.
 */
export function updatedLeadsOf(cursor: UpdatedLeadCursor, read: IDataObject[]): IDataObject[] {
	const changed = new Map<number, IDataObject>();
	for (const lead of read) {
		const updated = seconds(lead.last_updated);
		const known = cursor.known[String(idOf(lead))];
		const moved = known === undefined ? updated > seconds(lead.date_created) : updated !== known;
		if (moved) changed.set(idOf(lead), lead);
	}
	return [...changed.values()].sort(
		(a, b) => seconds(a.last_updated) - seconds(b.last_updated) || idOf(a) - idOf(b),
	);
}

/** Every lead of the window with the last_updated it has now; leads that left the window are dropped. */
export function updatedLeadCursorOf(read: IDataObject[]): UpdatedLeadCursor {
	const known: Record<string, number> = {};
	for (const lead of read) known[String(idOf(lead))] = seconds(lead.last_updated);
	return { known };
}
