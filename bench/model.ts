/**
 * A model of Return All under the server's backpressure, to weigh retry policies without running
 * each: pages one after the other, each taking `pageMs`; a request that arrives in a blocked window
 * is refused at once and retried after an equal-jitter backoff (half of base × 2^retry, capped,
 * fixed, half random), the retry count starting again for each page, as
 * `nodes/WhatConverts/transport/request.ts` does for a 429 without Retry-After (base 100 ms, capped
 * at 400 ms while the refusals are short). The model is checked against the measured runs before
 * its other rows are trusted.
 */
import { rng } from '../test/server';
import { idealTime } from './scenarios';

export interface Policy {
	baseDelayMs: number;
	/** Largest backoff step (none: doubling without limit). */
	capMs?: number;
}

export interface PolicyProjection extends Policy {
	/** Mean time of a run over start points spread evenly over the cycle, against the ideal's mean. */
	ratio: number;
	/** Refused requests per run, on average. */
	refusedPerRun: number;
	/** Mean time a run loses after a blocked window has ended. */
	lateMs: number;
}

function simulate(
	phaseMs: number,
	pages: number,
	pageMs: number,
	periodMs: number,
	blockedMs: number,
	policy: Policy,
	rnd: () => number,
	refusedMs: number,
) {
	let t = phaseMs;
	let refused = 0;
	let lateMs = 0;
	for (let page = 0; page < pages; page++) {
		let retry = 0;
		let windowEnd: number | undefined;
		while (t % periodMs < blockedMs) {
			windowEnd = t - (t % periodMs) + blockedMs;
			refused++;
			const step = Math.min(policy.capMs ?? Infinity, policy.baseDelayMs * 2 ** retry);
			t += refusedMs + step / 2 + (rnd() * step) / 2;
			retry++;
		}
		if (windowEnd !== undefined) lateMs += t - windowEnd;
		t += pageMs;
	}
	return { time: t - phaseMs, refused, lateMs };
}

export function projectPolicies(
	pages: number,
	pageMs: number,
	periodMs: number,
	blockedMs: number,
	policies: Policy[],
	samples = 20_000,
	refusedMs = 3,
): PolicyProjection[] {
	return policies.map((policy) => {
		const rnd = rng(policy.baseDelayMs + (policy.capMs ?? 0));
		let time = 0;
		let ideal = 0;
		let refused = 0;
		let lateMs = 0;
		for (let i = 0; i < samples; i++) {
			const phase = (i / samples) * periodMs;
			const run = simulate(phase, pages, pageMs, periodMs, blockedMs, policy, rnd, refusedMs);
			time += run.time;
			refused += run.refused;
			lateMs += run.lateMs;
			ideal += idealTime(phase, pages, pageMs, periodMs, blockedMs);
		}
		return { ...policy, ratio: time / ideal, refusedPerRun: refused / samples, lateMs: lateMs / samples };
	});
}
