/**
 * WhatConverts allows at most 20 requests in flight per key, while n8n runs every input item of a
 * declarative node at once. One limiter per credential (shared by all runs in this process) queues
 * the rest. It uses no timers: a finished request hands its slot to the next in line.
 */
export class InFlightLimiter {
	private active = 0;

	private readonly waiting: Array<() => void> = [];

	/** The execution in which the daily quota ran out: its other requests fail without being sent. */
	quotaExhaustedIn?: string;

	constructor(readonly maxInFlight: number) {}

	async run<T>(send: () => Promise<T>): Promise<T> {
		if (this.active >= this.maxInFlight) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.active++;
		}
		try {
			return await send();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}
}

export const MAX_IN_FLIGHT = 20;

const limiters = new Map<string, InFlightLimiter>();

/** The limiter of one credential, keyed by its id (never by the secret). */
export function limiterFor(credentialKey: string): InFlightLimiter {
	let limiter = limiters.get(credentialKey);
	if (!limiter) {
		limiter = new InFlightLimiter(MAX_IN_FLIGHT);
		limiters.set(credentialKey, limiter);
	}
	return limiter;
}
