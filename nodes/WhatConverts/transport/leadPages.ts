import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiDateOf, epochSecondsOf } from '../parameters/dates';
import { nodeOf } from '../shared/node';
import { RESOURCES } from '../shared/resources';
import { formatCount } from '../shared/text';
import type { RequestContext } from './connection';
import { unexpectedAnswerError } from './errors';
import { readListPage } from './pagination';
import type { RetrySettings } from './request';
import { sendRequest } from './request';

/*
 * Lead reads that stay exact while leads arrive, change and vanish. WhatConverts pages a list by
 * page_number only, so a lead deleted, flagged or added before the page being read shifts every
 * later lead by one: paging by number skips a lead or returns one twice. Leads are read by their
 * creation date instead (keyset paging): each request starts at the second of the last lead read,
 * that second included and its leads already read left out, with the other end of the window fixed
 * for the whole read. What changes before the position no longer moves what comes after it.
 *
 * Only when a full page of leads shares one second is there no date to go on from: that second's
 * leads are then read by page_number until every one of them, as many as WhatConverts counts, has
 * come back (their order may change from one request to the next), or the read fails visibly.
 *
 * Where the API applies start_date and end_date to the whole day (it does not document which), an
 * answer holds leads outside the asked range: they are left out (they were read before, or lie
 * outside the window), and a day is then the unit in which leads are read by page_number.
 *
 * Cost: one request per page as before, but each page after the first repeats the leads of the
 * second it starts at (usually one), so N leads take ⌈(N − 1) ÷ 2,499⌉ requests, ⌈N ÷ 2,500⌉ unless N
 * lies just below a multiple of 2,500. A second shared by more than a page of leads costs its own
 * pages on top, read again only while their order or number keeps changing (see MOST_PASSES).
 */

const DAY_SECONDS = 86_400;
/**
 * The leads of one second are read through again while some are missing: they may come back in
 * another order each time. The read gives up when two reads in a row brought no lead not seen
 * before, or after this many.
 */
const MOST_PASSES = 12;
const FRUITLESS_PASSES = 2;

export interface LeadRange {
	order: 'asc' | 'desc';
	/** The window's first and last second (epoch seconds, both included); open when undefined. */
	start?: number;
	end?: number;
	/** Go on from this second: its leads for which `done` is true were read before and are left out. */
	after?: { second: number; done: (id: number) => boolean };
	/** Leads per request (the API's largest page when not given). */
	pageSize?: number;
	/** Stop once this many leads are read. */
	limit?: number;
}

export interface LeadPage {
	/** Leads not read before in this read, within the window, in the order WhatConverts sent them. */
	leads: IDataObject[];
	/**
	 * Every lead of the window up to this second (in the read's order) has been read, and some of
	 * this second's. A read that goes on from it later misses nothing. Undefined before any lead.
	 */
	position?: number;
	/** How many leads matched the first request, less those `after` left out as read before. */
	total?: number;
	/** Requests sent so far, retries aside. */
	requests: number;
	/** Nothing is left to read. */
	last: boolean;
	/** In the middle of one second's leads read by page_number: a read going on from `position` reads them again. */
	sweeping: boolean;
}

interface Dated {
	lead: IDataObject;
	id: number;
	second: number;
}

/**
 * Reads GET /leads by creation date, one request at a time, yielding each request's new leads:
 * every lead that matched throughout the read comes exactly once. `options` is the request's url and
 * its filters (any start_date, end_date, order or paging in it is replaced). Stop at any page; the
 * page's `position` says where to go on from.
 */
export async function* readLeadPages(
	ctx: RequestContext,
	options: IHttpRequestOptions,
	range: LeadRange,
	settings: RetrySettings,
	itemIndex?: number,
): AsyncGenerator<LeadPage> {
	const resource = RESOURCES.lead;
	const { parameter, max } = resource.pageSize as { parameter: string; max: number };
	const asc = range.order === 'asc';
	/** `a` comes after `b` in the read's order. */
	const follows = (a: number, b: number) => (asc ? a > b : a < b);
	const inWindow = (second: number) =>
		(range.start === undefined || second >= range.start) && (range.end === undefined || second <= range.end);
	const pastWindow = (second: number) =>
		asc ? range.end !== undefined && second > range.end : range.start !== undefined && second < range.start;
	const node = nodeOf(ctx);
	const summary = { method: 'GET', url: options.url, itemIndex };

	let byDay = false;
	let position = range.after?.second;
	let doneAtPosition = new Set<number>();
	let doneBefore = range.after?.done;
	let requests = 0;
	let read = 0;
	let firstTotal: number | undefined;
	/** Leads that `after` left out: read before this read began. */
	const readBefore = new Set<number>();
	const left = () => (range.limit === undefined ? Infinity : range.limit - read);
	const isDone = (item: Dated) => {
		if (item.second !== position) return false;
		if (doneAtPosition.has(item.id)) return true;
		if (!doneBefore?.(item.id)) return false;
		readBefore.add(item.id);
		return true;
	};
	const page = (leads: Dated[], last: boolean, sweeping = false): LeadPage => {
		const taken = leads.slice(0, left()).map((item) => item.lead);
		read += taken.length;
		const total = firstTotal === undefined ? undefined : Math.max(0, firstTotal - readBefore.size);
		return { leads: taken, position, total, requests, last: last || left() <= 0, sweeping };
	};

	const ask = async (from: number | undefined, to: number | undefined, size: number, pageNumber = 1) => {
		const qs: IDataObject = { ...options.qs, order: range.order, [parameter]: size, page_number: pageNumber };
		delete qs.start_date;
		delete qs.end_date;
		if (from !== undefined) qs.start_date = apiDateOf(from);
		if (to !== undefined) qs.end_date = apiDateOf(to);
		requests++;
		const answer = await sendRequest(ctx, { ...options, qs }, settings, itemIndex, resource);
		const list = readListPage(answer.body, resource);
		if (!list) throw unexpectedAnswerError(node, summary, 'a list of leads (no total_pages)');
		const dated = list.items.map((lead) => ({ lead, id: Number(lead.lead_id), second: epochSecondsOf(lead.date_created) ?? NaN }));
		if (dated.some((item) => !Number.isSafeInteger(item.id) || Number.isNaN(item.second))) {
			throw unexpectedAnswerError(node, summary, 'a lead_id and a date_created on every lead');
		}
		if (dated.some(({ second }) => (from !== undefined && second < from) || (to !== undefined && second > to))) byDay = true;
		return { dated, total: list.total, totalPages: list.totalPages };
	};

	/**
	 * Reads the leads of one second (one day where the API filters by the day) by page_number, until
	 * as many distinct leads came back as WhatConverts counts, counted since the count last changed.
	 * The position then moves past them.
	 */
	async function* sweep(second: number): AsyncGenerator<LeadPage> {
		const returned = new Set<number>();
		let counted = new Set<number>();
		let expected: number | undefined;
		let fruitless = 0;
		for (let pass = 1; ; pass++) {
			const known = returned.size;
			for (let pageNumber = 1; ; pageNumber++) {
				const answer = await ask(second, second, max, pageNumber);
				if (answer.total !== expected) {
					expected = answer.total;
					counted = new Set();
				}
				const fresh: Dated[] = [];
				for (const item of answer.dated) {
					counted.add(item.id);
					if (returned.has(item.id)) continue;
					returned.add(item.id);
					if (inWindow(item.second) && !follows(second, item.second) && !isDone(item)) fresh.push(item);
				}
				const complete = expected === undefined ? pageNumber >= answer.totalPages : counted.size >= expected;
				if (complete) {
					// Read whole: the read goes on from the second after it (the day after, by the day).
					const day = Math.floor(second / DAY_SECONDS) * DAY_SECONDS;
					const [first, last] = byDay ? [day, day + DAY_SECONDS - 1] : [second, second];
					position = asc ? last + 1 : first - 1;
					doneAtPosition = new Set();
					doneBefore = undefined;
					yield page(fresh, pastWindow(position));
					return;
				}
				yield page(fresh, false, true);
				if (left() <= 0) return;
				if (answer.dated.length === 0 || pageNumber >= answer.totalPages) break;
			}
			fruitless = returned.size === known ? fruitless + 1 : 0;
			if (fruitless < FRUITLESS_PASSES && pass < MOST_PASSES) continue;
			const when = byDay ? `on ${apiDateOf(second).slice(0, 10)}` : `at ${apiDateOf(second)}`;
			throw new NodeOperationError(
				node,
				`WhatConverts listed ${formatCount(counted.size)} of the ${formatCount(expected ?? counted.size)} leads created ${when}, read ${pass} times`,
				{
					description:
						'Leads that share one second came back in another order, or kept changing, on every read, so not all of them could be read. Nothing was skipped: run it again (a trigger tries again at its next poll).',
					itemIndex,
				},
			);
		}
	}

	for (;;) {
		// More than half a page of leads at the position, read already: a page from there would mostly
		// repeat them, so that second is read whole first.
		if (position !== undefined && doneAtPosition.size > max / 2) {
			yield* sweep(position);
			if (left() <= 0 || pastWindow(position)) return;
			continue;
		}
		const size = Math.min(max, Math.min(range.pageSize ?? max, left()) + doneAtPosition.size);
		const from = asc ? (position ?? range.start) : range.start;
		const to = asc ? range.end : (position ?? range.end);
		const answer = await ask(from, to, size);
		const fresh: Dated[] = [];
		let furthest = position;
		let pastTheEnd = false;
		for (const item of answer.dated) {
			if (!inWindow(item.second)) {
				pastTheEnd ||= pastWindow(item.second);
				continue;
			}
			// Before the position: read already (an answer by the day holds them again).
			if (position !== undefined && follows(position, item.second)) continue;
			if (furthest === undefined || follows(item.second, furthest)) furthest = item.second;
			if (!isDone(item)) fresh.push(item);
		}
		if (requests === 1) firstTotal = answer.total;
		const moved = furthest !== position;
		if (moved) {
			position = furthest;
			doneAtPosition = new Set();
			doneBefore = undefined;
		}
		for (const item of fresh) if (item.second === position) doneAtPosition.add(item.id);
		// A page shorter than asked, or the only one, holds the rest of the window.
		const complete = answer.dated.length < size || answer.totalPages <= 1 || pastTheEnd;
		// A full page that gets no further than the position: a second (or day) of more leads than a page.
		const stuck = !complete && !moved;
		yield page(fresh, complete, stuck);
		if (complete || left() <= 0) return;
		if (!stuck) continue;

		const second = asc ? from : to;
		if (second === undefined) throw unexpectedAnswerError(node, summary, 'leads in the date range asked');
		yield* sweep(second);
		if (left() <= 0 || pastWindow(position as number)) return;
	}
}
