/**
 * A contender's process. The parent forks one per contender for each scenario (and data size), so
 * each one's memory is its own: no other contender's objects, and no test server, share its heap.
 * It runs the tasks the parent sends one at a time and measures wall time and memory.
 */
import diagnostics from 'node:diagnostics_channel';
import v8 from 'node:v8';

import { floorFanOut, floorReturnAll } from './floor';
import type { RunMeasure, Task, ToChild, ToParent } from './protocol';
import { cpuWaitedMs } from './stats';

const SAMPLE_EVERY_MS = 5;
const HELD_SAMPLE_EVERY_MS = 100;

function send(message: ToParent): void {
	process.send?.(message);
}

function fullGc(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) {
		gc();
		gc();
	}
}

const heapUsed = () => v8.getHeapStatistics().used_heap_size;
const cpuUsedMs = () => {
	const used = process.cpuUsage();
	return (used.user + used.system) / 1000;
};

// The CPU used and waited for when the run's first request leaves (every contender sends through node:http).
let firstRequest: { cpuMs: number; cpuWaitMs?: number } | undefined;
diagnostics.subscribe('http.client.request.start', () => {
	firstRequest ??= { cpuMs: cpuUsedMs(), cpuWaitMs: cpuWaitedMs() };
});
const maxRss = () => process.resourceUsage().maxRSS * 1024;

async function waitUntil(at: number | undefined): Promise<void> {
	if (at === undefined) return;
	const wait = at - Date.now();
	if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

// The engine (n8n-core, n8n-workflow, the package) is only loaded by the children that use it, so the
// bare loop's process holds nothing of n8n.
type Engine = typeof import('./engine');
let engine: Engine | undefined;
async function loadEngine(): Promise<Engine> {
	engine ??= await import('./engine');
	return engine;
}

/** What the task does; resolves to the number of items and, for the bare loop, the bytes read. */
async function perform(task: Task): Promise<{ items: number; bytes?: number; hold?: unknown; expressions?: number }> {
	if ((task.kind === 'returnAll' || task.kind === 'fanOut') && task.contender === 'floor') return performFloor(task);
	const { expressionCount } = await loadEngine();
	const before = expressionCount();
	const done = await performInEngine(task);
	return { ...done, expressions: expressionCount() - before };
}

async function performFloor(task: Task): Promise<{ items: number; bytes?: number; hold?: unknown }> {
	if (task.kind === 'returnAll') {
		const { leads, bytes } = await floorReturnAll(task.baseUrl, task.key);
		return { items: leads.length, bytes, hold: leads };
	}
	if (task.kind === 'fanOut') {
		const leads = await floorFanOut(task.baseUrl, task.key, task.leadIds, task.workers, task.operation);
		return { items: leads.length, hold: leads };
	}
	throw new Error(`no bare loop for ${task.kind}`);
}

async function performInEngine(task: Task): Promise<{ items: number }> {
	const { httpRequestFanOut, httpRequestReturnAll, nodeFanOut, nodeReturnAll, pollOnce } = await loadEngine();
	switch (task.kind) {
		case 'returnAll':
			if (task.contender === 'node') return { items: await nodeReturnAll(task.baseUrl, task.key) };
			return { items: await httpRequestReturnAll(task.baseUrl, task.key) };
		case 'fanOut':
			if (task.contender === 'node' || task.contender === 'nodeOneOperation') {
				const oneOperation = task.contender === 'nodeOneOperation';
				return { items: await nodeFanOut(task.baseUrl, task.key, task.leadIds, task.operation, oneOperation) };
			}
			return {
				items: await httpRequestFanOut(
					task.baseUrl,
					task.key,
					task.leadIds,
					task.operation,
					task.contender === 'httpRequestBatched' ? { size: task.workers, intervalMs: task.batchIntervalMs } : undefined,
				),
			};
		case 'poll':
			return { items: await pollOnce(task.workflowId, task.parameters, task.baseUrl, task.key) };
	}
}

async function run(task: Task): Promise<RunMeasure> {
	fullGc();
	const rssBefore = process.memoryUsage.rss();
	const heapBefore = heapUsed();
	let heapPeak = heapBefore;
	let rssSampledPeak = rssBefore;
	const sample = () => {
		heapPeak = Math.max(heapPeak, heapUsed());
		rssSampledPeak = Math.max(rssSampledPeak, process.memoryUsage.rss());
	};
	await waitUntil(task.startAt);
	// Memory is measured for the reads; in a fan-out the sampling would only add its own CPU to the figure.
	const held = task.kind === 'poll' && task.heldHeap;
	const sampleHeld = () => {
		fullGc();
		sample();
	};
	const timer =
		task.kind === 'fanOut' ? undefined : held ? setInterval(sampleHeld, HELD_SAMPLE_EVERY_MS) : setInterval(sample, SAMPLE_EVERY_MS);
	firstRequest = undefined;
	const cpuBefore = cpuUsedMs();
	const cpuMs = () => cpuUsedMs() - cpuBefore;
	/** CPU used and waited for since the first request. */
	const afterFirstRequest = () => {
		if (!firstRequest) return {};
		const waited = cpuWaitedMs();
		return {
			cpuAfterFirstRequestMs: cpuUsedMs() - firstRequest.cpuMs,
			cpuWaitAfterFirstRequestMs:
				waited === undefined || firstRequest.cpuWaitMs === undefined ? undefined : waited - firstRequest.cpuWaitMs,
		};
	};
	const startedAtEpoch = Date.now();
	const started = performance.now();
	try {
		// The engine's contenders hold their items in the run data until they return; the bare loop's
		// array is held in `done` until the last sample below.
		const done = await perform(task);
		const wallMs = performance.now() - started;
		const cpu = cpuMs();
		const sending = afterFirstRequest();
		sample();
		return {
			startedAtEpoch,
			wallMs,
			cpuMs: cpu,
			...sending,
			items: done.items,
			bytes: done.bytes,
			expressions: done.expressions,
			heapPeak,
			rssSampledPeak,
			maxRss: maxRss(),
			rssBefore,
			heapBefore,
		};
	} catch (error) {
		const e = error as Error & { description?: string };
		return {
			startedAtEpoch,
			wallMs: performance.now() - started,
			cpuMs: cpuMs(),
			...afterFirstRequest(),
			items: 0,
			heapPeak,
			rssSampledPeak,
			maxRss: maxRss(),
			rssBefore,
			heapBefore,
			error: `${e.message}${e.description ? ` (${e.description})` : ''}`,
		};
	} finally {
		clearInterval(timer);
	}
}

async function main(): Promise<void> {
	// Load what the contender needs before it is measured, as a running n8n worker has it loaded.
	const contender = process.argv[2] ?? 'floor';
	if (contender !== 'floor') {
		const loaded = await loadEngine();
		await loaded.preloadPackage();
		if (contender.startsWith('httpRequest')) await loaded.preloadBaseNodes();
	}
	fullGc();
	send({ type: 'ready', rss: process.memoryUsage.rss(), heap: heapUsed() });
	process.on('disconnect', () => process.exit(0)); // the parent is gone
	process.on('message', (message: ToChild) => {
		if (message.type === 'exit') process.exit(0);
		run(message.task).then(
			(result) => send({ type: 'done', result }),
			(error: Error) => {
				console.error(error);
				process.exit(1);
			},
		);
	});
}

void main();
