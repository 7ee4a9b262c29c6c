import { RecentMap } from '../shared/recentMap';
import type { ApiAnswer } from './answer';
import { apiMessageOf, headerOf } from './answer';

/**
 * What a refusal says: the day's quota is spent (nothing helps until 00:00 UTC), the key is crowded (too
 * many requests at once: a retry soon gets through), or neither. WhatConverts documents neither
 * answer, so every signal is read together: the status, the words, Retry-After and the rate-limit
 * headers. A count of requests left above zero rules out a spent quota, whatever the rest says: many
 * APIs put the day's headers on every answer, in-flight refusals included.
 */
export type RefusalKind = 'quota' | 'crowding' | 'unknown';

// Words that settle it alone (unless the headers count requests left).
const SURELY_QUOTA =
	/quota|daily|per[ -]day|a day\b|each day|today|24[ -]?h(ours?)?\b|resets? (at|in|on|daily)|limit resets|midnight|00:00/i;
const SURELY_CROWDING =
	/concurren|simultaneous|at (the same time|once)|in[ -]flight|in parallel|per (second|minute)|a (second|minute)\b|too (fast|quickly)/i;
// Words that lean one way when the headers say nothing.
const LIKELY_QUOTA = /\b(request|api|usage|call)s? limit\b|\blimit (exceeded|reached|hit)\b|\bout of requests\b|\bno requests left\b/i;
const LIKELY_CROWDING = /too many requests|rate[ -]?limit|slow down|try again (in|shortly|soon)/i;
/** A 403 is a refusal only when its words name a spent limit of the day (some APIs answer a spent quota so). */
const LIMIT_WORDS = /quota|limit/i;

/** The daily quotas' sizes: a limit header of this size or more counts days, not moments. */
const DAILY_LIMIT_AT_LEAST = 1_000;
/** A reset or Retry-After this far ahead is a day's quota; this near, a crowding. */
const QUOTA_WAIT_MS = 60 * 60_000;
const CROWDING_WAIT_MS = 60_000;

/** Milliseconds until a reset header's time: seconds from now, epoch seconds, or an HTTP date. */
function msUntil(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		const number = Number(text);
		// epoch seconds are ten digits; a count of seconds is far smaller
		return number > 1_000_000_000 ? number * 1000 - now : number * 1000;
	}
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : at - now;
}

/** A header's count, when it is one. */
function countOf(value: string | undefined): number | undefined {
	if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
	return Number(value);
}

/** Every signal of an answer, read once. */
export interface RefusalSignals {
	status: number;
	said: string;
	/** X-RateLimit-Limit (or RateLimit-Limit) */
	limit?: number;
	/** X-RateLimit-Remaining (or RateLimit-Remaining) */
	remaining?: number;
	/** until X-RateLimit-Reset (or RateLimit-Reset) */
	resetMs?: number;
	retryAfterMs?: number;
}

export function signalsOf(answer: ApiAnswer, now: number): RefusalSignals {
	const header = (name: string) => headerOf(answer.headers, `x-ratelimit-${name}`) ?? headerOf(answer.headers, `ratelimit-${name}`);
	const limit = countOf(header('limit'));
	return {
		status: answer.statusCode,
		said: apiMessageOf(answer.body) ?? (typeof answer.body === 'string' ? answer.body : ''),
		limit: limit === 0 ? undefined : limit,
		remaining: countOf(header('remaining')),
		resetMs: msUntil(header('reset'), now),
		retryAfterMs: msUntil(headerOf(answer.headers, 'retry-after'), now),
	};
}

/** The kind of a refusal, from all its signals together. */
export function refusalKindOf(s: RefusalSignals): RefusalKind | 'none' {
	const quotaWords = SURELY_QUOTA.test(s.said);
	if (s.status !== 429 && !(s.status === 403 && quotaWords && LIMIT_WORDS.test(s.said))) return 'none';
	// Requests left: whatever else was said, this refusal is about the moment, not the day.
	if (s.remaining !== undefined && s.remaining > 0) return 'crowding';
	const dayLimit = s.limit !== undefined && s.limit >= DAILY_LIMIT_AT_LEAST;
	const momentLimit = s.limit !== undefined && s.limit < DAILY_LIMIT_AT_LEAST;
	// The day's count with none left is the plainest signal of all.
	if (dayLimit && s.remaining === 0) return 'quota';
	if (quotaWords) return 'quota';
	if (SURELY_CROWDING.test(s.said)) return 'crowding';
	if (dayLimit) return 'quota';
	if (momentLimit) return 'crowding';
	const wait = s.resetMs ?? s.retryAfterMs;
	if (wait !== undefined && wait > QUOTA_WAIT_MS) return 'quota';
	if (s.resetMs !== undefined && s.resetMs <= CROWDING_WAIT_MS) return 'crowding';
	// "rate limit exceeded" is about speed; "request limit exceeded" about the day
	if (LIKELY_CROWDING.test(s.said)) return 'crowding';
	if (LIKELY_QUOTA.test(s.said)) return 'quota';
	return 'unknown';
}

/** The kind of a 429 answer (or a 403 that names a spent daily limit), from all its signals. */
export function refusalKind(answer: ApiAnswer, now = Date.now()): RefusalKind {
	const kind = refusalKindOf(signalsOf(answer, now));
	return kind === 'none' ? 'unknown' : kind;
}

/** An answer that says the day's quota is spent, not that requests came too fast. */
export const isQuotaAnswer = (answer: ApiAnswer, now = Date.now()) => refusalKindOf(signalsOf(answer, now)) === 'quota';

/**
 * Refused requests one run may send with one key: a few of them in a hundred is what a crowded key
 * costs, and WhatConverts may count every one against the day's quota.
 */
export const RUN_REFUSALS = { base: 100, perAccepted: 0.1 };

/** How WhatConverts has answered the requests of one run with one key. */
export interface RunRefusals {
	refused: number;
	accepted: number;
	/** The first refusal since the last accepted request; undefined while requests go through. */
	refusedSince?: number;
	/** Why the run sends no more requests with the key. */
	stopped?: { reason: 'budget' | 'refusedThroughout'; apiMessage?: string; since: number; refused: number; at: number };
}

// Kept per process for an hour: long enough for any run's retries, forgotten after.
const runs = new RecentMap<RunRefusals>(60 * 60_000, 500);

/** The refusals of this run with this key (undefined outside a run: pickers, tests of the editor). */
export function refusalsOf(executionId: string | undefined, key: string): RunRefusals | undefined {
	if (!executionId) return undefined;
	return runs.getOrAdd(`${executionId}\u0000${key}`, () => ({ refused: 0, accepted: 0 })).value;
}

/** Counts one answer; stops the run's requests with the key once refusals pass the run's budget. */
export function countAnswer(run: RunRefusals | undefined, refused: boolean, apiMessage: string | undefined, now = Date.now()): void {
	if (!run) return;
	if (!refused) {
		run.accepted++;
		run.refusedSince = undefined;
		return;
	}
	run.refused++;
	run.refusedSince ??= now;
	if (!run.stopped && run.refused > RUN_REFUSALS.base + run.accepted * RUN_REFUSALS.perAccepted) {
		run.stopped = { reason: 'budget', apiMessage, since: run.refusedSince, refused: run.refused, at: now };
	}
}

/** A run is stopped only after refusals this long at least, whatever Max Wait: a burst of another client of the key passes. */
export const REFUSED_THROUGHOUT_AT_LEAST_MS = 5_000;

/**
 * When WhatConverts has accepted none of the run's requests for as long as Max Wait, one item has
 * waited it out already: the next would only walk through Max Wait one after another, so the run stops.
 */
export function stopIfRefusedThroughout(
	run: RunRefusals | undefined,
	maxWaitMs: number,
	apiMessage: string | undefined,
	now = Date.now(),
): void {
	if (!run || run.stopped || run.refusedSince === undefined) return;
	if (now - run.refusedSince >= Math.max(maxWaitMs, REFUSED_THROUGHOUT_AT_LEAST_MS)) {
		run.stopped = { reason: 'refusedThroughout', apiMessage, since: run.refusedSince, refused: run.refused, at: now };
	}
}
