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
