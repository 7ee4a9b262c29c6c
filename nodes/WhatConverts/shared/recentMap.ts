/**
 * Entries of one process for a short while: each is forgotten once older than `keepMs`, and the
 * oldest go first when more than `max` are kept. Only for what may be lost with the process.
 */
export class RecentMap<V> {
	private readonly entries = new Map<string, { at: number; value: V }>();

	constructor(
		private readonly keepMs: number,
		private readonly max = Infinity,
	) {}

	/** The value kept for the key, or one made and kept now; `added` says which. */
	getOrAdd(key: string, make: () => V): { value: V; added: boolean } {
		const now = Date.now();
		for (const [old, entry] of this.entries) {
			if (now - entry.at < this.keepMs && this.entries.size < this.max) break;
			this.entries.delete(old);
		}
		const known = this.entries.get(key);
		if (known) return { value: known.value, added: false };
		const value = make();
		this.entries.set(key, { at: now, value });
		return { value, added: true };
	}
}

/**
 * Work of this process on one subject at a time, shared by every execution. Work on a key starts once
 * the work before it on that key has settled; the same question asked while it is still waiting or
 * running gets that work's answer (`shared`) instead of running again. A key is forgotten as soon as
 * its last work settles, so only work under way is kept.
 */
export class OneAtATime<V> {
	private readonly latest = new Map<string, { question: string; value: Promise<V> }>();

	run(key: string, question: string, work: () => Promise<V>): { value: Promise<V>; shared: boolean } {
		const before = this.latest.get(key);
		if (before?.question === question) return { value: before.value, shared: true };
		const settled = () => undefined;
		const value = (before ? before.value.then(settled, settled) : Promise.resolve()).then(work);
		this.latest.set(key, { question, value });
		const forget = () => {
			if (this.latest.get(key)?.value === value) this.latest.delete(key);
		};
		value.then(forget, forget);
		return { value, shared: false };
	}
}
