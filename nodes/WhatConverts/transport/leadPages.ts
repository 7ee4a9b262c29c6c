import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiDateOf, dayOf, DAY_SECONDS, secondOf } from '../parameters/dates';
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
 * Only when a second holds more leads than half a page is there no date to go on from: that second's
 * leads are then read by page_number (a sweep) until every one of them, as many as WhatConverts
 * counts, has come back (their order may change from one request to the next), or the read fails
 * visibly. Where the API applies start_date and end_date to the whole day (it does not document
 * which), an answer holds leads outside the asked range: they are left out, and a day whose leads
 * before the position fill a page is swept instead.
 *
 * Invariants (each kept by LeadReader below and asserted in test/leadReader.test.ts):
 * - a read never returns a lead twice: it remembers the id of every lead it returned (one number
 *   a lead, for the read only);
 * - a lead that matched the filters for the whole read is returned;
 * - the position stays inside the window, and every request's dates come from the window or the
 *   position; a Continue After before the window is dropped, one past it reads nothing;
 * - a ceiling on requests (see `ceiling`): a read that would pass it stops with an error naming the
 *   second, never loops.
 */

/**
 * The leads of one second (or day) are read through again while some are missing: they may come back
 * in another order each time. The read gives up when two passes in a row brought no lead not seen
 * before, or after this many.
 */
export const MOST_PASSES = 12;
const FRUITLESS_PASSES = 2;

export interface LeadRange {
	order: 'asc' | 'desc';
	/** The window's first and last second (epoch seconds, both included); open when undefined. */
	start?: number;
	end?: number;
	/**
	 * Go on after this lead (an AI agent's next): the leads of its second up to its id, in the read's
	 * order, were read before. Outside the window it is dropped (before it) or leaves nothing (past it).
	 */
	after?: { second: number; id: number };
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

/** One read of GET /leads by creation date: its window, its position and what it has returned. */
class LeadReader {
	private readonly asc: boolean;
	private readonly max: number;
	private readonly sizeParameter: string;
	/** Leads a full page brings at least, besides those of its first second read before. */
	private readonly unit: number;
	/** Inside the window whenever defined: every lead of the window before it has been read. */
	private position?: number;
	/** Leads of the position's second returned by this read. */
	private atPosition = new Set<number>();
	/** Every lead this read returned: none is returned twice. */
	private readonly returned = new Set<number>();
	/** Leads that `after` left out as read before this read. */
	private readonly leftOut = new Set<number>();
	private after?: { second: number; id: number };
	/** Nothing (more) to read. */
	private over = false;
	private byDay = false;
	private firstTotal?: number;
	requests = 0;
	/** Requests of the keyset read (sweeps have their own bound, MOST_PASSES). */
	private keysetRequests = 0;
	private sweeps = 0;

	constructor(
		private readonly ctx: RequestContext,
		private readonly options: IHttpRequestOptions,
		private readonly range: LeadRange,
		private readonly settings: RetrySettings,
		private readonly itemIndex?: number,
	) {
		const { parameter, max } = RESOURCES.lead.pageSize as { parameter: string; max: number };
		this.max = max;
		this.sizeParameter = parameter;
		this.asc = range.order === 'asc';
		this.unit = Math.max(1, Math.min(range.pageSize ?? max, Math.floor(max / 2)));
		const { after, start, end } = range;
		// An empty window (Created From after now, oldest first) asks nothing.
		if (start !== undefined && end !== undefined && start > end) this.over = true;
		// A place from another read: before the window it says nothing (the window is read from its
		// start), past the window's end it leaves nothing to read. No request ever starts outside.
		if (after && this.inWindow(after.second)) {
			this.after = after;
			this.position = after.second;
		} else if (after && this.pastWindow(after.second)) this.over = true;
	}

	/** `a` comes after `b` in the read's order. */
	private follows(a: number, b: number) {
		return this.asc ? a > b : a < b;
	}

	private inWindow(second: number) {
		const { start, end } = this.range;
		return (start === undefined || second >= start) && (end === undefined || second <= end);
	}

	/** Past the window's end in the read's order. */
	private pastWindow(second: number) {
		const { start, end } = this.range;
		return this.asc ? end !== undefined && second > end : start !== undefined && second < start;
	}

	private left() {
		return this.range.limit === undefined ? Infinity : this.range.limit - this.returned.size;
	}

	/**
	 * The most keyset requests a read sends: 2, one for every `unit` leads returned (a full page brings
	 * at least that many not read before) and one for each second or day swept. README: "Lead reads
	 * stay exact while the account changes".
	 */
	private ceiling() {
		return 2 + this.sweeps + Math.ceil(this.returned.size / this.unit);
	}

	/** Within the window, not before the position, not returned, not left out as read before. */
	private wanted(item: Dated) {
		if (!this.inWindow(item.second) || this.returned.has(item.id)) return false;
		if (this.position !== undefined && this.follows(this.position, item.second)) return false;
		if (this.after && item.second === this.after.second && !this.follows(item.id, this.after.id)) {
			this.leftOut.add(item.id);
			return false;
		}
		return true;
	}

	private moveTo(second: number) {
		this.position = second;
		this.atPosition = new Set();
		this.after = undefined;
	}

	private page(leads: Dated[], last: boolean, sweeping = false): LeadPage {
		const taken = leads.slice(0, this.left());
		for (const item of taken) {
			this.returned.add(item.id);
			if (item.second === this.position) this.atPosition.add(item.id);
		}
		const total = this.firstTotal === undefined ? undefined : Math.max(0, this.firstTotal - this.leftOut.size);
		const done = last || this.left() <= 0;
		this.over ||= done;
		return { leads: taken.map((item) => item.lead), position: this.position, total, requests: this.requests, last: done, sweeping };
	}

	private async ask(from: number | undefined, to: number | undefined, size: number, pageNumber = 1) {
		const { options, range, ctx, itemIndex } = this;
		const qs: IDataObject = { ...options.qs, order: range.order, [this.sizeParameter]: size, page_number: pageNumber };
		if (from !== undefined) qs.start_date = apiDateOf(from);
		if (to !== undefined) qs.end_date = apiDateOf(to);
		this.requests++;
		const answer = await sendRequest(ctx, { ...options, qs }, this.settings, itemIndex, RESOURCES.lead);
		const summary = { method: 'GET', url: options.url, itemIndex };
		const list = readListPage(answer.body, RESOURCES.lead);
		if (!list) throw unexpectedAnswerError(nodeOf(ctx), summary, 'a list of leads (no total_pages)');
		const dated: Dated[] = list.items.map((lead) => ({ lead, id: Number(lead.lead_id), second: secondOf(lead) }));
		if (dated.some((item) => !Number.isSafeInteger(item.id) || Number.isNaN(item.second))) {
			throw unexpectedAnswerError(nodeOf(ctx), summary, 'a lead_id and a date_created on every lead');
		}
		if (dated.some(({ second }) => (from !== undefined && second < from) || (to !== undefined && second > to))) this.byDay = true;
		return { dated, total: list.total, totalPages: list.totalPages };
	}

	private where(second: number) {
		return this.byDay ? `on ${apiDateOf(dayOf(second)).slice(0, 10)}` : `at ${apiDateOf(second)}`;
	}

	async *pages(): AsyncGenerator<LeadPage> {
		if (this.over) {
			yield { leads: [], position: this.position, total: 0, requests: 0, last: true, sweeping: false };
			return;
		}
		const { start, end, pageSize } = this.range;
		for (;;) {
			// More than half a page of leads at the position, read already: a page from there would mostly
			// repeat them, so that second is read whole first.
			if (this.position !== undefined && this.atPosition.size > this.max / 2) {
				yield* this.sweep(this.position);
				if (this.over) return;
				continue;
			}
			if (this.keysetRequests >= this.ceiling()) {
				const at = this.position ?? (this.asc ? start : end) ?? 0;
				throw new NodeOperationError(
					nodeOf(this.ctx),
					`WhatConverts kept answering with leads read before, ${this.where(at)}: the read stopped after ${formatCount(this.requests)} requests, the most it sends for ${formatCount(this.returned.size)} leads`,
					{
						description:
							'The leads there kept changing (or came back outside the dates asked) on every request. Nothing was skipped: run it again (a trigger tries again at its next poll).',
						itemIndex: this.itemIndex,
					},
				);
			}
			this.keysetRequests++;
			// On top of the page: the leads of the position read before (they come again), and the one
			// `after` goes on from.
			const repeatedHere = this.atPosition.size + (this.after ? 1 : 0);
			const size = Math.min(this.max, Math.min(pageSize ?? this.max, this.left()) + repeatedHere);
			const from = this.asc ? (this.position ?? start) : start;
			const to = this.asc ? end : (this.position ?? end);
			const answer = await this.ask(from, to, size);
			this.firstTotal ??= answer.total;
			let furthest = this.position;
			let pastTheEnd = false;
			const fresh: Dated[] = [];
			for (const item of answer.dated) {
				if (!this.inWindow(item.second)) {
					pastTheEnd ||= this.pastWindow(item.second);
					continue;
				}
				// Before the position: read already (an answer by the day holds them again).
				if (this.position !== undefined && this.follows(this.position, item.second)) continue;
				if (furthest === undefined || this.follows(item.second, furthest)) furthest = item.second;
				if (this.wanted(item)) fresh.push(item);
			}
			const moved = furthest !== this.position;
			// moved: furthest was set in the loop, to a second
			if (moved) this.moveTo(furthest as number);
			// A page shorter than asked, or the only one, holds the rest of the window.
			const complete = answer.dated.length < size || answer.totalPages <= 1 || pastTheEnd;
			// A full page that gets no further than the position: a second (or day) of more leads than a page.
			const stuck = !complete && !moved;
			// By the day, a full page that brought little: the day's leads before the position fill it.
			const thin = !complete && this.byDay && fresh.length < this.unit;
			yield this.page(fresh, complete, stuck);
			if (this.over) return;
			if (!stuck && !thin) continue;
			const second = this.position ?? (this.asc ? from : to);
			if (second === undefined) {
				throw unexpectedAnswerError(nodeOf(this.ctx), { method: 'GET', url: this.options.url }, 'leads in the date range asked');
			}
			yield* this.sweep(second);
			if (this.over) return;
		}
	}

	/**
	 * Reads the leads of one second (one day where the API filters by the day) by page_number, until
	 * as many distinct leads came back as WhatConverts counts, counted since the count last fell. A
	 * count that grows (a lead added or unflagged) only pushes leads onto later pages: they come back
	 * again, none is skipped, so what was counted stands; arrivals newer than the read are counted
	 * as they come. A count that falls (a lead gone) may have pulled a lead onto a page already read:
	 * the counting starts over. The position then moves past the second (or day).
	 */
	private async *sweep(second: number): AsyncGenerator<LeadPage> {
		this.sweeps++;
		const seen = new Set<number>();
		let counted = new Set<number>();
		let expected: number | undefined;
		let fruitless = 0;
		for (let pass = 1; ; pass++) {
			const known = seen.size;
			for (let pageNumber = 1; ; pageNumber++) {
				const answer = await this.ask(second, second, this.max, pageNumber);
				if (answer.total !== undefined && expected !== undefined && answer.total < expected) counted = new Set();
				expected = answer.total;
				const fresh: Dated[] = [];
				for (const item of answer.dated) {
					counted.add(item.id);
					seen.add(item.id);
					if (!this.follows(second, item.second) && this.wanted(item)) fresh.push(item);
				}
				const last = answer.dated.length === 0 || pageNumber >= answer.totalPages;
				if (expected === undefined ? last : counted.size >= expected) {
					// Read whole: the read goes on from the second after it (the day after, by the day).
					const [first, end] = this.byDay ? [dayOf(second), dayOf(second) + DAY_SECONDS - 1] : [second, second];
					const next = this.asc ? end + 1 : first - 1;
					const done = this.pastWindow(next);
					if (!done) this.moveTo(next);
					yield this.page(fresh, done);
					return;
				}
				yield this.page(fresh, false, true);
				if (this.over) return;
				if (last) break;
			}
			fruitless = seen.size === known ? fruitless + 1 : 0;
			if (fruitless < FRUITLESS_PASSES && pass < MOST_PASSES) continue;
			throw new NodeOperationError(
				nodeOf(this.ctx),
				`WhatConverts listed ${formatCount(counted.size)} of the ${formatCount(expected ?? counted.size)} leads created ${this.where(second)}, read ${pass} times`,
				{
					description:
						'Leads that share one second came back in another order, or kept changing, on every read, so not all of them could be read. Nothing was skipped: run it again (a trigger tries again at its next poll).',
					itemIndex: this.itemIndex,
				},
			);
		}
	}
}

/**
 * Reads GET /leads by creation date, one request at a time, yielding each request's new leads:
 * every lead that matched throughout the read comes exactly once. `options` is the request's url and
 * its filters (without dates, order or paging: the reader sets them). Stop at any page; the page's
 * `position` says where to go on from.
 */
export function readLeadPages(
	ctx: RequestContext,
	options: IHttpRequestOptions,
	range: LeadRange,
	settings: RetrySettings,
	itemIndex?: number,
): AsyncGenerator<LeadPage> {
	return new LeadReader(ctx, options, range, settings, itemIndex).pages();
}
