/** Forks a contender's process and runs tasks in it, one at a time, reading the server's log around each. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { LoggedRequest, WhatConvertsServer } from '../test/server';
import type { Contender, FanOutContender, RunMeasure, Task, ToChild, ToParent } from './protocol';
import { cpuWaitedMs } from './stats';

/** What the server saw during one task. */
export interface ServerSide {
	requests: number;
	/** 429 answers (refused for too many in flight, or in a backpressure window). */
	refused: number;
	/** Requests answered with something else than 200 or 429. */
	failed: number;
	/** Most requests in flight at once (any key). */
	peakInFlight: number;
	/** Requests in flight on average between the first request's arrival and the last answer. */
	meanInFlight: number;
	/** From the start of the run to the first request's arrival at the server. */
	firstRequestAfterMs: number;
	/** From the first request's arrival to the last answer. */
	sendingMs: number;
	/** How long the server's thread (the bench's own) waited for a CPU taken by other work during the task. */
	serverCpuWaitMs?: number;
	log: LoggedRequest[];
}

export interface Measured extends RunMeasure, ServerSide {}

const PROFILE_DIR = path.resolve(__dirname, '..', 'profiles');

/** Longest one task may take before the bench gives up on it (the whole bench must stay bounded). */
const TASK_TIMEOUT_MS = 120_000;

export class ChildRunner {
	private readonly child: ChildProcess;
	private pending?: { resolve: (message: ToParent) => void; reject: (error: Error) => void };
	readonly ready: Promise<Extract<ToParent, { type: 'ready' }>>;

	constructor(contender: Contender | FanOutContender) {
		this.child = fork(path.join(__dirname, 'child.js'), [contender], {
			// BENCH_PROFILE=1 writes a CPU profile of each contender process to build/profiles/.
			execArgv: ['--expose-gc', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		this.child.on('message', (message: ToParent) => {
			const pending = this.pending;
			this.pending = undefined;
			pending?.resolve(message);
		});
		this.child.on('exit', (code) => {
			const pending = this.pending;
			this.pending = undefined;
			pending?.reject(new Error(`the ${contender} process exited (${code})`));
		});
		this.ready = this.next() as Promise<Extract<ToParent, { type: 'ready' }>>;
	}

	private next(timeoutMs = TASK_TIMEOUT_MS): Promise<ToParent> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending = undefined;
				this.child.kill();
				reject(new Error(`no answer from the child in ${timeoutMs / 1000} s`));
			}, timeoutMs);
			this.pending = {
				resolve: (message) => {
					clearTimeout(timer);
					resolve(message);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				},
			};
		});
	}

	/** Runs one task, leaving the server's log alone (for tasks that run in several children at once). */
	async runAlongside(task: Task, timeoutMs?: number): Promise<RunMeasure> {
		await this.ready;
		const answer = this.next(timeoutMs);
		this.child.send({ type: 'run', task } satisfies ToChild);
		const message = await answer;
		if (message.type !== 'done') throw new Error(`unexpected message ${message.type}`);
		return message.result;
	}

	/** Runs one task against `server`; the server's log and in-flight counter are reset first. */
	async run(server: WhatConvertsServer, task: Task): Promise<Measured> {
		await this.ready;
		server.log.length = 0;
		server.maxInFlightSeen = 0;
		const waitedBefore = cpuWaitedMs();
		const result = await this.runAlongside(task);
		// Answers are written before the client reads them: let the last log entries settle.
		await new Promise((resolve) => setImmediate(resolve));
		const waitedAfter = cpuWaitedMs();
		const log = server.log.splice(0);
		return {
			...result,
			requests: log.length,
			refused: log.filter((entry) => entry.status === 429).length,
			failed: log.filter((entry) => entry.status !== 200 && entry.status !== 429).length,
			peakInFlight: server.maxInFlightSeen,
			meanInFlight: meanInFlight(log),
			firstRequestAfterMs: log.length ? Math.min(...log.map((e) => e.startedAt)) - result.startedAtEpoch : 0,
			sendingMs: log.length ? Math.max(...log.map((e) => e.endedAt)) - Math.min(...log.map((e) => e.startedAt)) : 0,
			serverCpuWaitMs: waitedBefore === undefined || waitedAfter === undefined ? undefined : waitedAfter - waitedBefore,
			log,
		};
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.send({ type: 'exit' } satisfies ToChild);
		await exited;
	}
}

function meanInFlight(log: LoggedRequest[]): number {
	if (!log.length) return 0;
	const start = Math.min(...log.map((e) => e.startedAt));
	const end = Math.max(...log.map((e) => e.endedAt));
	const busy = log.reduce((total, e) => total + (e.endedAt - e.startedAt), 0);
	return end > start ? busy / (end - start) : 0;
}
