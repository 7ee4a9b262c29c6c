/**
 * WhatConverts allows at most 20 requests in flight per key, while n8n runs every input item of a
 * declarative node at once, and other n8n workers or apps may be using the same key. One limiter per
 * credential (shared by all runs in this process) lets requests out within a window:
 * - the window starts at the configured maximum. When WhatConverts refuses a request as too many, it
 *   halves (once per crowding, not once per refused request); successes grow it back by one per two
 *   windows' worth of them, slowly, as each refused request may cost quota. Processes sharing a key so
 *   settle at about 20 in flight in total without talking to each other.
 * - a request keeps its slot from its first attempt to its last, through the waits in between, so a
 *   refusal does not let the next queued request out; its retry waits for room in the (smaller)
 *   window, ahead of requests not yet sent.
 * State is per process, which is all a rate estimate needs; after a minute without requests the estimate
 * is stale, and the window starts at the maximum again. It uses no timers: a released slot goes to the
 * next in line.
 */
export const MAX_IN_FLIGHT = 20;

const STALE_AFTER_MS = 60_000;

/** One request's place in the window. */
export interface Slot {
	/** The crowding round the last attempt was sent in. */
	round: number;
}

export class InFlightLimiter {
	/** Slots held: requests in flight, waiting to retry, or queued for a retry's turn. */
	private active = 0;

	/** Requests sent and not answered yet. */
	private inFlight = 0;

	/** How many may be in flight; the fraction gathers successes toward the next whole slot. */
	private size = MAX_IN_FLIGHT;

	/** Counts the shrinks: refusals of requests sent before the last shrink belong to the same crowding. */
	private round = 0;

	/** When the last slot was released (while none is held). */
	private idleSince = 0;

	private readonly retrying: Array<() => void> = [];

	private readonly waiting: Array<() => void> = [];

	/** The execution in which the daily quota ran out: its other requests fail without being sent. */
	quotaExhaustedIn?: string;

	/** How many requests may be in flight now. */
	get window(): number {
		return Math.max(1, Math.floor(this.size));
	}

	/** Waits for a slot. `maxInFlight` is the requesting node's setting: the window never exceeds it. */
	async take(maxInFlight: number): Promise<Slot> {
		if (this.active === 0 && Date.now() - this.idleSince > STALE_AFTER_MS) this.size = maxInFlight;
		this.size = Math.min(this.size, maxInFlight);
		if (this.active < this.window && !this.waiting.length && !this.retrying.length) this.active++;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		return { round: this.round };
	}

	/** Sends one attempt of the request holding `slot`. */
	async send<T>(slot: Slot, attempt: () => Promise<T>): Promise<T> {
		slot.round = this.round;
		this.inFlight++;
		try {
			return await attempt();
		} finally {
			this.inFlight--;
		}
	}

	/**
	 * WhatConverts refused the attempt as too many: halve, once per crowding. Refusals come back at once
	 * while accepted requests take their time, so what is still in flight is what WhatConverts took: the
	 * window need not be larger (after a burst into a crowded key, it is at once about this process's share).
	 */
	refused(slot: Slot): void {
		if (slot.round === this.round) {
			this.size /= 2;
			this.round++;
		}
		this.size = Math.max(1, Math.min(this.size, this.inFlight));
	}

	/** WhatConverts took the attempt: grow by one per two windows of successes, up to `maxInFlight`. */
	accepted(maxInFlight: number): void {
		this.size = Math.min(maxInFlight, this.size + 1 / (2 * this.size));
		this.grant();
	}

	/** Before a retry: if the window has shrunk below the slots held, wait for room, ahead of new requests. */
	async again(): Promise<void> {
		if (this.active <= this.window) return;
		this.active--;
		await new Promise<void>((resolve) => this.retrying.push(resolve));
	}

	/** Frees the slot; true when a waiting request took it. */
	release(): boolean {
		this.active--;
		if (this.active === 0) this.idleSince = Date.now();
		return this.grant();
	}

	private grant(): boolean {
		let granted = false;
		while (this.active < this.window) {
			const next = this.retrying.shift() ?? this.waiting.shift();
			if (!next) break;
			this.active++;
			next();
			granted = true;
		}
		return granted;
	}
}

const limiters = new Map<string, InFlightLimiter>();

/** The limiter of one credential, keyed by its id (never by the secret). */
export function limiterFor(credentialKey: string): InFlightLimiter {
	let limiter = limiters.get(credentialKey);
	if (!limiter) {
		limiter = new InFlightLimiter();
		limiters.set(credentialKey, limiter);
	}
	return limiter;
}
