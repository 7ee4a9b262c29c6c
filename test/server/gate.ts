// A barrier a test opens: requests held at it wait until open(), so two polls or two executions
// overlap at a chosen point, whatever the machine's speed.

export class Gate {
	private isOpen = false;
	private count = 0;
	private held: (() => void)[] = [];
	private watchers: { n: number; resolve: () => void }[] = [];

	/** Requests that have reached the gate so far. */
	get arrived(): number {
		return this.count;
	}

	get opened(): boolean {
		return this.isOpen;
	}

	/** Lets every held request on, and every later one through. */
	open(): void {
		this.isOpen = true;
		for (const release of this.held.splice(0)) release();
	}

	/** Resolves once `n` requests have reached the gate. */
	reached(n = 1): Promise<void> {
		if (this.count >= n) return Promise.resolve();
		return new Promise((resolve) => this.watchers.push({ n, resolve }));
	}

	/** The server's side: one request arrives and waits until the gate is open. */
	pass(): Promise<void> {
		this.count++;
		this.watchers = this.watchers.filter((w) => (w.n <= this.count ? (w.resolve(), false) : true));
		if (this.isOpen) return Promise.resolve();
		return new Promise((resolve) => this.held.push(resolve));
	}
}
