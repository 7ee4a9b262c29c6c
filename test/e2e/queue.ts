/**
 * n8n in queue mode for the end-to-end tests: Postgres and Redis from Debian's packages as plain
 * processes on free loopback ports, then an n8n main and workers (the pinned n8n of scripts/n8n, the
 * package loaded from dist/), all on one database and one queue. stop() ends everything it started
 * and removes its folders; so does the exit of the test process.
 *
 *   const cluster = new QueueCluster();
 *   await cluster.startServices();                         // Postgres, Redis
 *   await n8n.importWorkflows(cluster.mainFolder, [...], cluster.options);  // any scripts/n8n call, on Postgres
 *   await cluster.startMain();                             // n8n start: activates published workflows
 *   await cluster.startWorkers(2, 2);                      // n8n worker --concurrency=2, twice
 *   await cluster.sql('select ...');                       // rows as arrays of strings
 *   await cluster.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { LogLine, N8nServer, RunData, StoredExecution } from './n8n';
import { n8n } from './n8n';

interface ScriptsN8n {
	ensureN8n(): Promise<{ nodeBin: string; n8nBin: string; env: NodeJS.ProcessEnv }>;
	n8nEnv(userFolder: string, options: { env?: Record<string, string>; brokerPort?: number }, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
	freePort(): Promise<number>;
	parseLogs(stdout: string): LogLine[];
}
interface ScriptsInstall {
	killTree(pid: number, signal: NodeJS.Signals): void;
	descendants(pid: number): number[];
	procStartTime(pid: number): string | undefined;
}
const run: ScriptsN8n = require('../../scripts/n8n/run');
const install: ScriptsInstall = require('../../scripts/n8n/install');

const STOP_WAIT_MS = 20_000;
const READY_WAIT_MS = 180_000;

/** What the test process started and has not seen exit: killed if the process ends without stop(). */
const running = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of running) if (child.pid) install.killTree(child.pid, 'SIGKILL');
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A started process: its output so far, and a stop that waits for its exit. */
class Service {
	private out = '';

	private readonly exited: Promise<void>;

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
		private readonly stopSignal: NodeJS.Signals,
	) {
		child.stdout?.setEncoding('utf8');
		child.stderr?.setEncoding('utf8');
		child.stdout?.on('data', (chunk: string) => (this.out += chunk));
		child.stderr?.on('data', (chunk: string) => (this.out += chunk));
		this.exited = new Promise((resolve) => child.once('close', () => resolve()));
		running.add(child);
		void this.exited.then(() => running.delete(child));
	}

	get output(): string {
		return this.out;
	}

	get alive(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Resolves once `pattern` shows in the output; fails if the process exits or time runs out first. */
	async waitFor(pattern: RegExp, timeoutMs = READY_WAIT_MS): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!pattern.test(this.out)) {
			if (!this.alive) throw new Error(`${this.name} exited before it was ready:\n${this.out.slice(-3000)}`);
			if (Date.now() > deadline) throw new Error(`${this.name} was not ready within ${timeoutMs / 1000} s:\n${this.out.slice(-3000)}`);
			await pause(200);
		}
	}

	/** Asks the process to stop and waits; kills it after a while, and whatever it left behind (n8n's task runner). */
	async stop(): Promise<void> {
		if (!this.alive) return;
		const pid = this.child.pid as number;
		const children = install.descendants(pid).map((child) => ({ pid: child, started: install.procStartTime(child) }));
		this.child.kill(this.stopSignal);
		const timer = setTimeout(() => install.killTree(pid, 'SIGKILL'), STOP_WAIT_MS);
		await this.exited;
		clearTimeout(timer);
		for (const child of children) {
			if (child.started === undefined || install.procStartTime(child.pid) !== child.started) continue;
			process.kill(child.pid, 'SIGKILL');
		}
	}
}

/** The newest Postgres of Debian's packages (/usr/lib/postgresql/<version>/bin). */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres'))) : [];
	if (!versions.length) throw new Error('Postgres is not installed: apt-get install -y postgresql');
	return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

function redisBin(): string {
	const found = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) => fs.existsSync(file));
	if (!found) throw new Error('Redis is not installed: apt-get install -y redis-server');
	return found;
}

/** Postgres will not run as root: as root, its processes run as the `postgres` user of the package. */
function postgresUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('postgres:'));
	if (!line) throw new Error('running as root, but there is no postgres user to run Postgres as');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

function runToEnd(command: string, args: string[], options: { uid?: number; gid?: number; cwd?: string } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (out += chunk));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${code}):\n${out}`))));
	});
}

export class QueueCluster {
	/** Everything of this cluster lives below this folder (Postgres' data, Redis, the n8n user folders). */
	readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));

	/** The main's user folder: pass it to scripts/n8n's import and publish calls, with `options`. */
	readonly mainFolder = path.join(this.dir, 'main');

	main?: N8nServer;

	readonly workers: Service[] = [];

	private readonly services: Service[] = [];

	private pgPort = 0;

	private env: Record<string, string> = {};

	/** For scripts/n8n calls (`{ env }`): the same database and queue as every process of the cluster. */
	get options(): { env: Record<string, string> } {
		return { env: this.env };
	}

	async startServices(): Promise<void> {
		const bin = postgresBin();
		const user = postgresUser();
		const data = path.join(this.dir, 'postgres');
		fs.mkdirSync(data, { mode: 0o700 });
		if (user) fs.chownSync(data, user.uid, user.gid);
		fs.chmodSync(this.dir, 0o755);
		await runToEnd(path.join(bin, 'initdb'), ['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...user, cwd: this.dir });
		this.pgPort = await run.freePort();
		// A throwaway database: durability off, for speed.
		const postgres = spawn(
			path.join(bin, 'postgres'),
			['-D', data, '-p', String(this.pgPort), '-k', data, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
			{ ...user, cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		// SIGINT is Postgres' fast shutdown: it ends the sessions of n8n processes still connected.
		const pg = new Service('postgres', postgres, 'SIGINT');
		this.services.push(pg);
		await pg.waitFor(/ready to accept connections/, 60_000);

		const redisPort = await run.freePort();
		const redisDir = path.join(this.dir, 'redis');
		fs.mkdirSync(redisDir);
		const redis = spawn(redisBin(), ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], {
			cwd: redisDir,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const rd = new Service('redis', redis, 'SIGTERM');
		this.services.push(rd);
		await rd.waitFor(/Ready to accept connections/, 30_000);

		this.env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.pgPort),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	/** `n8n start`: the main, which activates published workflows and runs their polling triggers. */
	async startMain(): Promise<N8nServer> {
		this.main = await n8n.startN8n(this.mainFolder, this.options);
		return this.main;
	}

	/** `count` × `n8n worker --concurrency=<concurrency>`, each with its own user folder. */
	async startWorkers(count: number, concurrency: number): Promise<void> {
		const { nodeBin, n8nBin, env: base } = await run.ensureN8n();
		await Promise.all(
			Array.from({ length: count }, async (_, index) => {
				const folder = path.join(this.dir, `worker-${this.workers.length + index + 1}`);
				fs.mkdirSync(folder, { recursive: true });
				const env = run.n8nEnv(folder, { env: this.env, brokerPort: await run.freePort() }, base);
				const child = spawn(nodeBin, [n8nBin, 'worker', `--concurrency=${concurrency}`], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
				const worker = new Service(`n8n worker ${index + 1}`, child, 'SIGTERM');
				this.workers.push(worker);
				await worker.waitFor(/n8n worker is now ready/);
			}),
		);
	}

	/** The log lines of a worker (n8n logs JSON lines). */
	workerLogs(worker: Service): LogLine[] {
		return run.parseLogs(worker.output);
	}

	/** Runs SQL on the cluster's database: one array of column texts per row. */
	async sql(query: string): Promise<string[][]> {
		const out = await runToEnd(path.join(postgresBin(), 'psql'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(this.pgPort),
			'-U',
			'n8n',
			'-d',
			'postgres',
			'-At',
			'-F',
			'\t',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			query,
		], { cwd: this.dir });
		return out
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	}

	/** A finished execution as stored in Postgres (n8n keeps run data as flatted JSON), for output(). */
	async execution(id: string): Promise<StoredExecution> {
		const [[workflowId, mode, status, data]] = await this.sql(
			`select e."workflowId", e.mode, e.status, d.data from execution_entity e join execution_data d on d."executionId" = e.id where e.id = ${Number(id)}`,
		);
		const { n8nBin } = await run.ensureN8n();
				const flatted = require(require.resolve('flatted', { paths: [path.dirname(path.dirname(n8nBin))] })) as { parse(text: string): RunData };
		return { id, workflowId, mode, status, data: flatted.parse(data) };
	}

	/** Stops the n8n processes first (they still need the database and queue), then Redis and Postgres. */
	async stop(): Promise<void> {
		try {
			await Promise.all([this.main?.stop(), ...this.workers.map((worker) => worker.stop())]);
			for (const service of [...this.services].reverse()) await service.stop();
		} finally {
			fs.rmSync(this.dir, { recursive: true, force: true });
		}
	}
}
