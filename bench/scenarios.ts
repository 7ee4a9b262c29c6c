/** The bench's scenarios. Each starts its own test server on 127.0.0.1 and its own contender processes. */
import { isoSec, peakAccepted, WhatConvertsServer } from '../test/server';
import type { Behaviour, LoggedRequest } from '../test/server';
import { ChildRunner, type Measured } from './children';
import { floorReturnAll } from './floor';
import type { Contender, FanOutContender, Key } from './protocol';
import { median, ms, sum } from './stats';

export const PAGE_SIZE = 2500;

/**
 * Requests of a lead read by creation date: a page of 2,500, then 2,499 new leads a page (each page
 * repeats the lead it starts at), when no second is shared across a page seam.
 */
export const leadPages = (leads: number) => (leads <= PAGE_SIZE ? 1 : 1 + Math.ceil((leads - PAGE_SIZE) / (PAGE_SIZE - 1)));

/** No daily quota in the way: the bench counts requests itself. */
const NO_QUOTA = { dailyQuota: { profile: 1e9, master: 1e9 } };

async function serverWith(leads: number, template: Parameters<WhatConvertsServer['addLeads']>[1] = {}, behaviour: Partial<Behaviour> = {}) {
	const server = new WhatConvertsServer({ behaviour: { ...NO_QUOTA, ...behaviour } });
	if (leads) server.addLeads(leads, template);
	server.warmCache();
	const baseUrl = await server.start();
	return { server, baseUrl, key: server.keys.profile as Key };
}

/** The wall-clock instant (epoch ms) the server's backpressure windows are counted from. */
function backpressureOrigin(server: WhatConvertsServer): number {
	// Set by start(); not public because only the bench needs the phase of the windows.
	return (server as unknown as { startedAtMs: number }).startedAtMs;
}

function check(measured: Measured, expectItems: number, what: string): Measured {
	if (measured.error) throw new Error(`${what}: ${measured.error}`);
	if (measured.items !== expectItems) throw new Error(`${what}: ${measured.items} items, expected ${expectItems}`);
	return measured;
}

// ---------- 1. Return All ----------

export interface ContenderResult {
	contender: Contender;
	/** Requests of each run (all runs must agree). */
	requests: number[];
	refused: number;
	/** The first run in a fresh process: its memory is reported, its time only for information. */
	first: Measured;
	/** Wall times of the timed runs. */
	wallMs: number[];
	medianMs: number;
	/** CPU time of the contender's process, median of the timed runs. */
	cpuMs: number;
	/** RSS of the process once loaded, before any run. */
	loadedRss: number;
}

export interface ReturnAllResult {
	leads: number;
	expectRequests: number;
	rawJsonBytes: number;
	contenders: Record<Contender, ContenderResult>;
}

export const CONTENDERS: Contender[] = ['floor', 'node', 'httpRequest'];

/**
 * Runs each contender once in a fresh process of its own (its memory run, which also warms it up),
 * then the timed runs in rounds, every round in a rotated order, so that a burst of load from other
 * work on the machine falls on all contenders alike rather than on whichever ran at that moment.
 */
async function interleaved<C extends Contender | FanOutContender>(
	contenders: readonly C[],
	rounds: number,
	runOne: (contender: C, child: ChildRunner) => Promise<Measured>,
): Promise<Record<C, { loadedRss: number; first: Measured; timed: Measured[] }>> {
	const children = new Map(contenders.map((c) => [c, new ChildRunner(c)] as const));
	try {
		const out = {} as Record<C, { loadedRss: number; first: Measured; timed: Measured[] }>;
		for (const c of contenders) {
			const child = children.get(c)!;
			const ready = await child.ready;
			out[c] = { loadedRss: ready.rss, first: await runOne(c, child), timed: [] };
		}
		for (let round = 0; round < rounds; round++) {
			for (let i = 0; i < contenders.length; i++) {
				const c = contenders[(i + round) % contenders.length];
				out[c].timed.push(await runOne(c, children.get(c)!));
			}
		}
		return out;
	} finally {
		await Promise.all([...children.values()].map((child) => child.stop()));
	}
}

export async function returnAll(leads: number, timedRuns: number, log: (line: string) => void): Promise<ReturnAllResult> {
	const { server, baseUrl, key } = await serverWith(leads);
	try {
		// The server's first pass over a list builds caches: pay it before anyone is timed.
		const warm = await floorReturnAll(baseUrl, key);
		if (warm.leads.length !== leads) throw new Error(`server holds ${warm.leads.length} leads, not ${leads}`);
		const runs = await interleaved(CONTENDERS, timedRuns, async (contender, child) =>
			check(
				await child.run(server, { kind: 'returnAll', contender, baseUrl, key, expect: leads }),
				leads,
				`${contender} Return All ${leads}`,
			),
		);
		const contenders = {} as Record<Contender, ContenderResult>;
		let rawJsonBytes = warm.bytes;
		for (const contender of CONTENDERS) {
			const { first, timed, loadedRss } = runs[contender];
			if (first.bytes) rawJsonBytes = first.bytes;
			const wallMs = timed.map((r) => r.wallMs);
			const all = [first, ...timed];
			contenders[contender] = {
				contender,
				requests: all.map((r) => r.requests),
				refused: sum(all.map((r) => r.refused)),
				first,
				wallMs,
				medianMs: median(wallMs),
				cpuMs: median(timed.map((r) => r.cpuMs)),
				loadedRss,
			};
			log(
				`  ${contender.padEnd(11)} ${leads} leads: median ${Math.round(median(wallMs))} ms of [${wallMs.map(Math.round).join(', ')}], ` +
					`CPU ${Math.round(median(timed.map((r) => r.cpuMs)))} ms, first run ${Math.round(first.wallMs)} ms, requests ${first.requests}, peak RSS ${(first.maxRss / 2 ** 20).toFixed(0)} MB`,
			);
		}
		return { leads, expectRequests: leadPages(leads), rawJsonBytes, contenders };
	} finally {
		await server.stop();
	}
}

// ---------- 2. Fan-out ----------

/** The median of the values measured; undefined when none was (a platform without the measure). */
function medianOf(values: Array<number | undefined>): number | undefined {
	const measured = values.filter((v): v is number => v !== undefined);
	return measured.length ? median(measured) : undefined;
}

const perItem = (total: number | undefined, items: number) => (total === undefined ? undefined : total / items);

export interface FanOutRun {
	contender: FanOutContender;
	wallMs: number[];
	medianMs: number;
	requests: number;
	refused: number;
	peakInFlight: number;
	meanInFlight: number;
	/** From the run's start to the first request (median run). */
	firstRequestAfterMs: number;
	/** From the first request to the last answer, as the server logged them (median run). */
	sendingMs: number;
	/** CPU time of the contender's process per item (median run). */
	cpuMsPerItem: number;
	/** The same from the first request on: the sending phase's share (median run). */
	sendingCpuMsPerItem?: number;
	/** How long the contender's thread, and the server's, waited for a CPU taken by other work (median run, from the first request on). */
	cpuWaitMs?: number;
	serverCpuWaitMs?: number;
	/** n8n expression evaluations per item (the engine's contenders). */
	expressionsPerItem?: number;
	/** Why the run failed, when it did (HTTP Request without batching meets the 20-in-flight limit). */
	failed?: string;
}

export interface FanOutResult {
	items: number;
	operation: 'get' | 'update';
	latencyMs: number;
	maxInFlight: number;
	workers: number;
	/** items / maxInFlight × latency: what 20 in flight allow at best. */
	boundMs: number;
	runs: Record<FanOutContender, FanOutRun>;
}

export const FAN_OUT_CONTENDERS: FanOutContender[] = ['floor', 'node', 'nodeOneOperation', 'httpRequest', 'httpRequestBatched'];

export async function fanOut(
	items: number,
	latencyMs: number,
	operation: 'get' | 'update',
	timedRuns: number,
	log: (line: string) => void,
): Promise<FanOutResult> {
	const { server, baseUrl, key } = await serverWith(items);
	const workers = server.behaviour.maxInFlight;
	server.behaviour.latencyMs = latencyMs;
	const leadIds = server.data.leads.map((lead) => lead.lead_id).slice(0, items);
	const result = {
		items,
		operation,
		latencyMs,
		maxInFlight: workers,
		workers,
		boundMs: (items / workers) * latencyMs,
		runs: {},
	} as FanOutResult;
	try {
		// The first run of each process warms it up (JIT, sockets) and is not counted. A run that fails
		// (HTTP Request without batching, refused as too many) is measured as it failed.
		const runs = await interleaved(FAN_OUT_CONTENDERS, timedRuns, async (contender, child) => {
			const measured = await child.run(server, {
				kind: 'fanOut',
				contender,
				operation,
				baseUrl,
				key,
				leadIds,
				workers,
				batchIntervalMs: latencyMs,
			});
			if (!measured.error && measured.items !== items) throw new Error(`${contender} fan-out: ${measured.items} items, expected ${items}`);
			return measured;
		});
		for (const contender of FAN_OUT_CONTENDERS) {
			const timed = runs[contender].timed;
			const wallMs = timed.map((r) => r.wallMs);
			const run: FanOutRun = {
				contender,
				wallMs,
				medianMs: median(wallMs),
				requests: Math.max(...timed.map((r) => r.requests)),
				refused: sum(timed.map((r) => r.refused)),
				peakInFlight: Math.max(...timed.map((r) => r.peakInFlight)),
				meanInFlight: median(timed.map((r) => r.meanInFlight)),
				firstRequestAfterMs: median(timed.map((r) => r.firstRequestAfterMs)),
				sendingMs: median(timed.map((r) => r.sendingMs)),
				cpuMsPerItem: median(timed.map((r) => r.cpuMs)) / items,
				sendingCpuMsPerItem: perItem(medianOf(timed.map((r) => r.cpuAfterFirstRequestMs)), items),
				cpuWaitMs: medianOf(timed.map((r) => r.cpuWaitAfterFirstRequestMs)),
				serverCpuWaitMs: medianOf(timed.map((r) => r.serverCpuWaitMs)),
				expressionsPerItem: timed[0].expressions === undefined ? undefined : timed[0].expressions / items,
				failed: timed.find((r) => r.error)?.error,
			};
			result.runs[contender] = run;
			log(
				`  ${contender.padEnd(18)} ${operation} ${items} at ${latencyMs} ms: median ${Math.round(run.medianMs)} ms of [${wallMs.map(Math.round).join(', ')}], ` +
					`first request after ${Math.round(run.firstRequestAfterMs)} ms, then ${Math.round(run.sendingMs)} ms to the last answer (${(run.sendingMs / result.boundMs).toFixed(2)}× the bound), ` +
					`mean in flight ${run.meanInFlight.toFixed(1)}, peak ${run.peakInFlight}, 429s ${run.refused}, CPU ${run.cpuMsPerItem.toFixed(2)} ms/item` +
					` (${run.sendingCpuMsPerItem?.toFixed(2) ?? '?'} from the first request), waited for a CPU ${ms(run.cpuWaitMs)} (server ${ms(run.serverCpuWaitMs)})` +
					`${run.expressionsPerItem === undefined ? '' : `, ${run.expressionsPerItem.toFixed(1)} expressions/item`}${run.failed ? `, FAILED: ${run.failed.slice(0, 120)}` : ''}`,
			);
		}
		return result;
	} finally {
		await server.stop();
	}
}

// ---------- 3. Backpressure ----------

export interface BackpressureRun {
	/** Where in the 3 s cycle the run started (ms after a blocked window began). */
	phaseMs: number;
	wallMs: number;
	/** The same Return All without backpressure, right before. */
	unloadedMs: number;
	requests: number;
	refused: number;
	idealMs: number;
	idealRequests: number;
	/** Time between the end of a blocked window and the retry that got through, summed over the run. */
	overshootMs: number;
	/** Each retry's wait after a 429, as the server saw it (ms). */
	retryGapsMs: number[];
	/** The waits after a page's first 429 only (the backoff's first step). */
	firstRetryGapsMs: number[];
}

export interface BackpressureResult {
	leads: number;
	periodMs: number;
	blockedMs: number;
	/** Median time per page of the node without backpressure (each run's ideal uses its own). */
	pageMs: number;
	unloadedMs: number;
	runs: BackpressureRun[];
}

/**
 * The ideal client: it sends the same pages, one after the other, each taking `pageMs` as without
 * backpressure, and a page that would meet a blocked window waits exactly until the window ends.
 */
export function idealTime(phaseMs: number, pages: number, pageMs: number, periodMs: number, blockedMs: number): number {
	let t = phaseMs;
	for (let page = 0; page < pages; page++) {
		const inCycle = t % periodMs;
		if (inCycle < blockedMs) t += blockedMs - inCycle;
		t += pageMs;
	}
	return t - phaseMs;
}

/**
 * The ideal time of one measured run, from the run's own time line: the ideal client does the same work
 * between its requests as the run did (the time from the run's start to its first request, and from
 * each page's request to the next request or the end), sends no request that would be refused, and
 * waits exactly until a blocked window ends. Load from other work on the machine so falls on both alike.
 */
export function idealOfRun(
	log: LoggedRequest[],
	startEpoch: number,
	wallMs: number,
	origin: number,
	periodMs: number,
	blockedMs: number,
): number {
	const sorted = [...log].sort((a, b) => a.startedAt - b.startedAt);
	const accepted = sorted.filter((entry) => entry.status !== 429);
	if (!accepted.length) return wallMs;
	const end = startEpoch + wallMs;
	let t = sorted[0].startedAt;
	for (const entry of accepted) {
		const inCycle = (t - origin) % periodMs;
		if (inCycle < blockedMs) t += blockedMs - inCycle;
		const next = sorted.find((other) => other.startedAt > entry.startedAt);
		t += (next ? next.startedAt : end) - entry.startedAt;
	}
	return t - startEpoch;
}

function retryAnalysis(log: LoggedRequest[], origin: number, periodMs: number, blockedMs: number) {
	const gaps: number[] = [];
	const firstGaps: number[] = [];
	let overshootMs = 0;
	const sorted = [...log].sort((a, b) => a.startedAt - b.startedAt);
	for (let i = 0; i < sorted.length - 1; i++) {
		if (sorted[i].status !== 429) continue;
		const next = sorted[i + 1];
		gaps.push(next.startedAt - sorted[i].endedAt);
		if (i === 0 || sorted[i - 1].status !== 429) firstGaps.push(next.startedAt - sorted[i].endedAt);
		if (next.status === 200) {
			// the window that refused sorted[i] ended at:
			const since = sorted[i].startedAt - origin;
			const windowEnd = origin + Math.floor(since / periodMs) * periodMs + blockedMs;
			overshootMs += Math.max(0, next.startedAt - windowEnd);
		}
	}
	return { gaps, firstGaps, overshootMs };
}

export async function backpressure(leads: number, phasesMs: number[], log: (line: string) => void): Promise<BackpressureResult> {
	const { server, baseUrl, key } = await serverWith(leads);
	const periodMs = 3000;
	const blockedMs = 1000;
	const pages = leadPages(leads);
	const child = new ChildRunner('node');
	try {
		await floorReturnAll(baseUrl, key);
		await child.ready;
		const origin = backpressureOrigin(server);
		const unloadedRun = async () => {
			server.behaviour.backpressure = undefined;
			const r = check(
				await child.run(server, { kind: 'returnAll', contender: 'node', baseUrl, key, expect: leads }),
				leads,
				'node Return All',
			);
			server.behaviour.backpressure = { periodMs, blockedMs };
			return r.wallMs;
		};
		await unloadedRun(); // warm-up
		const runs: BackpressureRun[] = [];
		for (const phaseMs of phasesMs) {
			// Right before each run, the same Return All without backpressure: spread over the scenario like
			// the runs, their median gives the ideal's time per page under the same load from other work.
			const unloaded = await unloadedRun();
			// the next instant, at least 200 ms away, that lies `phaseMs` into a cycle
			const soon = Date.now() + 200;
			const cycles = Math.ceil((soon - origin - phaseMs) / periodMs);
			const startAt = origin + cycles * periodMs + phaseMs;
			const r = check(
				await child.run(server, { kind: 'returnAll', contender: 'node', baseUrl, key, expect: leads, startAt }),
				leads,
				'node Return All under backpressure',
			);
			const { gaps, firstGaps, overshootMs } = retryAnalysis(r.log, origin, periodMs, blockedMs);
			runs.push({
				phaseMs,
				wallMs: r.wallMs,
				unloadedMs: unloaded,
				requests: r.requests,
				refused: r.refused,
				idealMs: idealOfRun(r.log, r.startedAtEpoch, r.wallMs, origin, periodMs, blockedMs),
				idealRequests: pages,
				overshootMs,
				retryGapsMs: gaps,
				firstRetryGapsMs: firstGaps,
			});
			log(
				`  backpressure phase ${phaseMs} ms: ${Math.round(r.wallMs)} ms (ideal ${Math.round(runs[runs.length - 1].idealMs)} ms, unloaded ${Math.round(unloaded)} ms), ` +
					`${r.requests} requests, 429s ${r.refused}, retry waits [${gaps.map(Math.round).join(', ')}] ms, late ${Math.round(overshootMs)} ms`,
			);
		}
		const unloadedMs = median(runs.map((r) => r.unloadedMs));
		const pageMs = unloadedMs / pages;
		return { leads, periodMs, blockedMs, pageMs, unloadedMs, runs };
	} finally {
		await child.stop();
		await server.stop();
	}
}

// ---------- 4. Trigger cost ----------

export interface PollMeasure {
	label: string;
	requests: number;
	refused: number;
	items: number;
	expectItems?: number;
	expectRequests?: number;
	error?: string;
	/** Wall time of the poll, and how far its V8 heap grew above where it started (sampled every 5 ms). */
	wallMs?: number;
	heapGrowth?: number;
}

/** The trigger's static data as n8n saves it (JSON), with `leads` leads in its window. */
export interface CursorMeasure {
	label: string;
	leads: number;
	bytes: number;
}

export interface TriggerResult {
	polls: PollMeasure[];
	cursors?: CursorMeasure[];
}

const DAY_MS = 86_400_000;
/** The burst New Lead reads in one poll, and the Updated Lead window measured besides the 10,000. */
const BURST = 10_000;
const BIG_WINDOW = 50_000;
/** Leads earlier on the day of a New Lead poll where the API filters by the whole day. */
const DAY_LEADS = 6_000;
/** Hourly: within a profile key's daily quota for every window measured here (the trigger refuses more). */
const HOURLY = { item: [{ mode: 'everyHour', minute: 0 }] };

/** Cursor sizes, measured in this process (sizes only; no time or memory). */
async function cursorSizes(sizes: number[], log: (line: string) => void): Promise<CursorMeasure[]> {
	const { pollOnce, staticDataBytes } = await import('./engine');
	const cursors: CursorMeasure[] = [];
	for (const leads of sizes) {
		const { server, baseUrl, key } = await serverWith(leads, {
			startAt: isoSec(Date.now() - 29 * DAY_MS),
			stepSeconds: Math.floor((28 * DAY_MS) / leads / 1000),
		});
		const measure = (label: string, workflowId: string) => {
			cursors.push({ label, leads, bytes: staticDataBytes(workflowId) });
			log(`  cursor ${label}, ${leads} leads: ${staticDataBytes(workflowId)} bytes`);
		};
		try {
			const updated = { event: 'updatedLead', lookBackDays: 30, pollTimes: HOURLY };
			await pollOnce(`cursor-updated-${leads}`, updated, baseUrl, key);
			for (const lead of server.data.leads.slice(0, 100)) server.updateLead(lead.lead_id, { quotable: 'yes' });
			await pollOnce(`cursor-updated-${leads}`, updated, baseUrl, key);
			measure('updatedLead: this many leads in the 30-day window, after a poll with 100 edits', `cursor-updated-${leads}`);
			// Only When These Fields Change (quote and sales value), one lead in ten of the window with a value.
			const window = server.data.leads;
			window.forEach((lead, index) =>
				server.updateLead(lead.lead_id, {
					quote_value: index % 10 ? null : 150 + ((index * 37) % 4800),
					sales_value: index % 20 ? null : 100 + ((index * 53) % 3000),
					last_updated: lead.date_created,
				}),
			);
			const changes = { ...updated, options: { onlyWhenFieldsChange: ['quote_value', 'sales_value'] } };
			await pollOnce(`cursor-changes-${leads}`, changes, baseUrl, key);
			for (const lead of window.slice(0, 1000).filter((_, index) => index % 10 === 0))
				server.updateLead(lead.lead_id, { sales_value: 999 });
			await pollOnce(`cursor-changes-${leads}`, changes, baseUrl, key);
			measure(
				'updatedLead, only when quote or sales value change: this many leads in the window, 1 in 10 with a value',
				`cursor-changes-${leads}`,
			);
			const created = { event: 'newLead', pollTimes: HOURLY };
			await pollOnce(`cursor-new-${leads}`, created, baseUrl, key);
			server.addLeads(leads, { startAt: isoSec(Date.now() - 60_000), stepSeconds: 60 / leads });
			await pollOnce(`cursor-new-${leads}`, created, baseUrl, key);
			measure('newLead: after a burst of this many leads within a minute', `cursor-new-${leads}`);
		} finally {
			await server.stop();
		}
	}
	return cursors;
}

async function untilNextSecond(): Promise<number> {
	const next = Math.ceil((Date.now() + 1) / 1000) * 1000;
	await new Promise((resolve) => setTimeout(resolve, next - Date.now() + 20));
	return next;
}

export async function triggerCost(leads: number, log: (line: string) => void): Promise<TriggerResult> {
	const child = new ChildRunner('node');
	try {
		await child.ready;
		const now = Date.now();
		// 10,000 leads created within the last 30 days (the oldest 10 minutes inside the window, so none
		// ages out of it during the bench), the newest half an hour old
		const { server, baseUrl, key } = await serverWith(leads, {
			startAt: isoSec(now - 30 * DAY_MS + 600_000),
			stepSeconds: Math.floor((30 * DAY_MS - 600_000 - 1_800_000) / leads / 1000),
		});
		const polls: PollMeasure[] = [];
		const poll = async (
			workflowId: string,
			parameters: Record<string, unknown>,
			label: string,
			expect: Partial<PollMeasure> = {},
			on: { server: WhatConvertsServer; baseUrl: string; key: Key } = { server, baseUrl, key },
			heldHeap = false,
		) => {
			const r = await child.run(on.server, { kind: 'poll', workflowId, parameters, baseUrl: on.baseUrl, key: on.key, heldHeap });
			const heapGrowth = r.heapPeak - r.heapBefore;
			const measure: PollMeasure = {
				label,
				requests: r.requests,
				refused: r.refused,
				items: r.items,
				error: r.error,
				wallMs: r.wallMs,
				heapGrowth,
				...expect,
			};
			polls.push(measure);
			log(
				`  trigger ${label}: ${r.requests} requests, ${r.items} items, ${Math.round(r.wallMs)} ms, heap +${(heapGrowth / 2 ** 20).toFixed(0)} MB${r.error ? `, error: ${r.error}` : ''}`,
			);
		};
		try {
			// updatedLead first, while the 30-day window holds exactly `leads` leads
			const window = { event: 'updatedLead', lookBackDays: 30, pollTimes: HOURLY };
			const perWindow = leadPages(leads);
			await poll('updated', window, 'updatedLead, 30-day window: first poll (activation)');
			await poll('updated', window, 'updatedLead, 30-day window: idle poll', { expectRequests: perWindow, expectItems: 0 });
			await untilNextSecond();
			for (const lead of server.data.leads.slice(0, 100)) server.updateLead(lead.lead_id, { quotable: 'yes' });
			await untilNextSecond();
			await poll('updated', window, 'updatedLead, 30-day window: poll with 100 updated leads', {
				expectRequests: perWindow,
				expectItems: 100,
			});

			const newLead = { event: 'newLead', filters: {}, pollTimes: HOURLY };
			await poll('new', newLead, 'newLead: first poll (activation)');
			await poll('new', newLead, 'newLead: idle poll', { expectRequests: 1, expectItems: 0 });
			const at = await untilNextSecond();
			server.addLeads(100, { startAt: isoSec(at), stepSeconds: 0 });
			await untilNextSecond();
			await poll('new', newLead, 'newLead: poll with 100 new leads', { expectRequests: 1, expectItems: 100 });
			// A burst: 10,000 leads within the last minute (an import), read oldest first in one poll.
			const burstAt = await untilNextSecond();
			server.addLeads(BURST, { startAt: isoSec(burstAt - 60_000), stepSeconds: 60 / BURST });
			server.warmCache();
			await poll('new', newLead, `newLead: poll after a burst of ${BURST.toLocaleString('en-US')} leads in a minute`, {
				expectItems: BURST,
			});
			await server.stop();

			// New Lead where the API filters by the whole day, on a growing day: 6,000 leads earlier that
			// day (the day's pages are read by page number), a lead arriving with every request.
			const day = await serverWith(DAY_LEADS, { startAt: isoSec(Date.now() - 20 * 60_000), stepSeconds: 0.05 }, { dateFilter: 'day' });
			try {
				const byDay = { event: 'newLead', filters: {}, pollTimes: HOURLY };
				const label = `newLead, API filtering by the day, ${DAY_LEADS.toLocaleString('en-US')} leads earlier that day, a lead arriving with every request`;
				await poll('newByDay', byDay, `${label}: first poll (activation)`, {}, day);
				day.server.beforeList(() => void day.server.addLead({ date_created: isoSec(Date.now()) }));
				// One request of the keyset read and the day's pages, once: ⌈leads that day ÷ 2,500⌉ + 1.
				const expectRequests = Math.ceil((DAY_LEADS + 2) / PAGE_SIZE) + 1;
				await poll('newByDay', byDay, `${label}: poll`, { expectRequests }, day);
				await poll('newByDay', byDay, `${label}: the next poll`, { expectRequests }, day);
			} finally {
				await day.server.stop();
			}

			// Updated Lead over a busy 30-day window: every poll reads all of it, a page at a time.
			const big = await serverWith(BIG_WINDOW, {
				startAt: isoSec(Date.now() - 30 * DAY_MS + 600_000),
				stepSeconds: Math.floor((30 * DAY_MS - 600_000 - 1_800_000) / BIG_WINDOW / 1000),
			});
			try {
				const bigWindow = { event: 'updatedLead', lookBackDays: 30, pollTimes: HOURLY };
				const label = `updatedLead, ${BIG_WINDOW.toLocaleString('en-US')} leads in the 30-day window`;
				await poll('updatedBig', bigWindow, `${label}: first poll (activation)`, {}, big);
				await poll('updatedBig', bigWindow, `${label}: idle poll`, { expectRequests: leadPages(BIG_WINDOW), expectItems: 0 }, big);
				await untilNextSecond();
				for (const lead of big.server.data.leads.slice(-100)) big.server.updateLead(lead.lead_id, { quotable: 'yes' });
				await untilNextSecond();
				await poll(
					'updatedBig',
					bigWindow,
					`${label}: poll with 100 updated leads`,
					{ expectRequests: leadPages(BIG_WINDOW), expectItems: 100 },
					big,
				);
				// Once more, its heap measured after a full GC every 100 ms: what the poll holds at once.
				const held = { expectRequests: leadPages(BIG_WINDOW), expectItems: 0 };
				await poll('updatedBig', bigWindow, `${label}: idle poll, heap held (a full GC every 100 ms)`, held, big, true);
			} finally {
				await big.server.stop();
			}
			return { polls, cursors: await cursorSizes([10_000, 50_000], log) };
		} finally {
			await server.stop();
		}
	} finally {
		await child.stop();
	}
}

// ---------- 5. Shared key ----------

export interface SharedKeyRun {
	processes: number;
	getsPerProcess: number;
	/** From the common start to the last process's end. */
	wallMs: number;
	/** All gets at 20 in flight in total: gets ÷ 20 × latency. */
	idealMs: number;
	requests: number;
	refused: number;
	peakAccepted: number;
	/** Processes whose run failed or came back short of items. */
	failures: string[];
}

export interface SharedKeyResult {
	latencyMs: number;
	maxInFlight: number;
	runs: SharedKeyRun[];
}

/**
 * Independent processes (each its own limiter, as n8n workers in queue mode) fan out lead gets with one
 * API key at the same moment, while the server answers in `latencyMs` and refuses more than 20 in flight.
 */
export async function sharedKey(
	processCounts: number[],
	gets: number,
	latencyMs: number,
	log: (line: string) => void,
): Promise<SharedKeyResult> {
	const most = Math.max(...processCounts);
	const { server, baseUrl, key } = await serverWith(most * gets);
	server.behaviour.latencyMs = latencyMs;
	const leadIds = server.data.leads.map((lead) => lead.lead_id);
	const maxInFlight = server.behaviour.maxInFlight;
	const runs: SharedKeyRun[] = [];
	try {
		for (const processes of processCounts) {
			const children = Array.from({ length: processes }, () => new ChildRunner('node'));
			try {
				// A short run in each process first, one at a time (JIT, sockets), as a running worker is warm.
				for (const child of children)
					await child.runAlongside({
						kind: 'fanOut',
						contender: 'node',
						operation: 'get',
						baseUrl,
						key,
						leadIds: leadIds.slice(0, 20),
						workers: 0,
						batchIntervalMs: 0,
					});
				const startAt = Date.now() + 1000;
				server.log.length = 0;
				const results = await Promise.all(
					children.map((child, i) =>
						child.runAlongside(
							{
								kind: 'fanOut',
								contender: 'node',
								operation: 'get',
								baseUrl,
								key,
								leadIds: leadIds.slice(i * gets, (i + 1) * gets),
								workers: 0,
								batchIntervalMs: 0,
								startAt,
							},
							10 * 60_000,
						),
					),
				);
				await new Promise((resolve) => setImmediate(resolve));
				const entries = server.log.splice(0);
				const run: SharedKeyRun = {
					processes,
					getsPerProcess: gets,
					wallMs: Math.max(...results.map((r) => r.startedAtEpoch + r.wallMs)) - startAt,
					idealMs: ((processes * gets) / maxInFlight) * latencyMs,
					requests: entries.length,
					refused: entries.filter((entry) => entry.status === 429).length,
					peakAccepted: peakAccepted(entries),
					failures: results.flatMap((r, i) =>
						r.error || r.items !== gets ? [`process ${i + 1}: ${r.error ?? `${r.items} of ${gets} items`}`] : [],
					),
				};
				runs.push(run);
				log(
					`  shared key, ${processes} × ${gets} gets: ${ms(run.wallMs)} (ideal ${ms(run.idealMs)}), ${run.requests} requests, ${run.refused} refused, ` +
						`peak ${run.peakAccepted} accepted in flight${run.failures.length ? `, failed: ${run.failures.join('; ')}` : ''}`,
				);
			} finally {
				await Promise.all(children.map((child) => child.stop()));
			}
		}
		return { latencyMs, maxInFlight, runs };
	} finally {
		await server.stop();
	}
}
