/** What the bench's parent (which runs the test server) and its child processes (the contenders) say to each other. */

export interface Key {
	token: string;
	secret: string;
}

/** Who does the work: the bare loop, this package's node, or n8n's HTTP Request node + Split Out. */
export type Contender = 'floor' | 'node' | 'httpRequest';

interface TaskBase {
	baseUrl: string;
	key: Key;
	/** Epoch ms at which to start (the backpressure scenario starts runs at chosen phases). */
	startAt?: number;
}

/** Return All leads (lead getAll with Return All, or the equivalent). */
export interface ReturnAllTask extends TaskBase {
	kind: 'returnAll';
	contender: Contender;
	/** How many leads the server holds: the run must return exactly these. */
	expect: number;
}

/**
 * Who fans out: the bare loop, the node, the node with its description cut to the one operation's
 * properties (an experiment: what n8n's walk over the description costs per item), n8n's HTTP Request
 * node fed one id per item, with or without its batching.
 */
export type FanOutContender = 'floor' | 'node' | 'nodeOneOperation' | 'httpRequest' | 'httpRequestBatched';

/** One request per input item: a lead `get`, or an `update` of its sales value (POST). */
export interface FanOutTask extends TaskBase {
	kind: 'fanOut';
	contender: FanOutContender;
	operation: 'get' | 'update';
	leadIds: number[];
	/** Workers of the bare loop, and the items per batch of HTTP Request with batching. */
	workers: number;
	/** HTTP Request's batch interval: the server's answer time, the best a user could set. */
	batchIntervalMs: number;
}

/** One poll of a polling trigger; polls with the same `workflowId` share the trigger's static data. */
export interface PollTask extends TaskBase {
	kind: 'poll';
	workflowId: string;
	parameters: Record<string, unknown>;
	/** Sample the heap after a full GC, every 100 ms: what the poll holds at once, not its garbage (slows the poll). */
	heldHeap?: boolean;
}

export type Task = ReturnAllTask | FanOutTask | PollTask;

export interface RunMeasure {
	/** Epoch ms at which the run started (to place the server's log on the run's time line). */
	startedAtEpoch: number;
	wallMs: number;
	/** Items (leads) the run produced. */
	items: number;
	/** n8n expression evaluations during the run (engine contenders only). */
	expressions?: number;
	/** Bytes of response bodies (the bare loop counts them: the raw JSON size). */
	bytes?: number;
	/** CPU time (user + system) the contender's process spent during the run. */
	cpuMs: number;
	/** The same from the run's first request on (the sending phase, as the client sees it). */
	cpuAfterFirstRequestMs?: number;
	/**
	 * How long the contender's main thread was ready to run but waited for a CPU taken by other work on
	 * the machine, from its first request on (Linux schedstat; undefined elsewhere).
	 */
	cpuWaitAfterFirstRequestMs?: number;
	/** Highest V8 heap used, sampled every few ms during the run and once at its end (bytes). */
	heapPeak: number;
	/** Highest RSS sampled during the run (bytes). */
	rssSampledPeak: number;
	/** The process's RSS high-water mark so far (getrusage maxrss, bytes). */
	maxRss: number;
	/** RSS and heap just before the run, after a full GC. */
	rssBefore: number;
	heapBefore: number;
	error?: string;
}

export type ToChild = { type: 'run'; task: Task } | { type: 'exit' };

export type ToParent = { type: 'ready'; rss: number; heap: number } | { type: 'done'; result: RunMeasure };
