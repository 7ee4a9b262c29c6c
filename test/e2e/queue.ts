/**
 * n8n in queue mode for the end-to-end tests: Postgres and Redis from Debian's packages as plain
 * processes on free loopback ports, then an n8n main and workers ($N8N_VERSION), each with its own
 * user folder holding the package as n8n's community-package installer leaves it, all on one
 * database and one queue. stop() ends everything it started and removes its folders; the exit of
 * the test process kills whatever is left.
 *
 *   const cluster = new QueueCluster();
 *   await cluster.startServices();                                  // Postgres, Redis
 *   await n8n.importWorkflows(cluster.mainFolder, [...], cluster.options); // any n8n CLI call, on Postgres
 *   await cluster.startMain();                                      // n8n start: activates published workflows
 *   await cluster.startWorkers(2, 2);                               // n8n worker --concurrency=2, twice
 *   await cluster.sql('select ...');                                // rows as arrays of strings
 *   await cluster.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { N8nProcess, N8nServer, RunOptions } from './n8n';
import * as n8n from './n8n';
import type { RunData, StoredExecution } from './workflows';

// plain CommonJS, shared with `npm start`
const { freePort }: { freePort(): Promise<number> } = require('../../scripts/n8n/run');
const install: { ensureN8n(options: { version: string }): Promise<{ n8nBin: string }> } = require('../../scripts/n8n/install');

const STOP_WAIT_MS = 20_000;

/** Postgres and Redis started and not seen to exit: killed (their process groups) if the test process ends without stop(). */
const running = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		process.kill(-(child.pid as number), signal);
	} catch {
		/* gone */
	}
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A started service (a process group of its own): its output so far, and a stop that waits for its exit. */
class Service {
	private out = '';

	private readonly exited: Promise<void>;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		private readonly stopSignal: NodeJS.Signals,
	) {
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.out += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.out += chunk));
		this.exited = new Promise((resolve) => child.once('close', () => resolve()));
		running.add(child);
		void this.exited.then(() => running.delete(child));
	}

	private get alive(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Resolves once `pattern` shows in the output; fails if the process exits or time runs out first. */
	async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!pattern.test(this.out)) {
			if (!this.alive) throw new Error(`${this.name} exited before it was ready:\n${this.out.slice(-3000)}`);
			if (Date.now() > deadline) throw new Error(`${this.name} was not ready within ${timeoutMs / 1000} s:\n${this.out.slice(-3000)}`);
			await pause(200);
		}
	}

	/** Asks the process to stop and waits; kills its group after a while. */
	async stop(): Promise<void> {
		if (this.alive) {
			this.child.kill(this.stopSignal);
			const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), STOP_WAIT_MS);
			await this.exited;
			clearTimeout(timer);
		}
		killGroup(this.child, 'SIGKILL'); // anything of the group left behind
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
		child.on('close', (code) =>
			code === 0 ? resolve(out) : reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${code}):\n${out}`)),
		);
	});
}

/** A folder below the cluster's with the package installed, as each n8n process of the cluster needs. */
function userFolderWithPackage(folder: string): string {
	fs.mkdirSync(folder, { recursive: true });
	n8n.installPackage(folder);
	return folder;
}

export class QueueCluster {
	/** Everything of this cluster lives below this folder (Postgres' data, Redis, the n8n user folders). */
	readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));

	/** The main's user folder (the package installed by startServices()): pass it to the n8n CLI calls, with `options`. */
	readonly mainFolder = path.join(this.dir, 'main');

	main?: N8nServer;

	readonly workers: N8nProcess[] = [];

	private readonly services: Service[] = [];

	private pgPort = 0;

	private env: Record<string, string> = {};

	/** For n8n calls (`{ env }`): the same database and queue as every process of the cluster. */
	get options(): RunOptions {
		return { env: this.env };
	}

	/** Postgres and Redis, and the package installed in the main's user folder. */
	async startServices(): Promise<void> {
		userFolderWithPackage(this.mainFolder);
		const bin = postgresBin();
		const user = postgresUser();
		const data = path.join(this.dir, 'postgres');
		fs.mkdirSync(data, { mode: 0o700 });
		if (user) fs.chownSync(data, user.uid, user.gid);
		fs.chmodSync(this.dir, 0o755);
		await runToEnd(path.join(bin, 'initdb'), ['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
			...user,
			cwd: this.dir,
		});
		this.pgPort = await freePort();
		// A throwaway database: durability off, for speed.
		const settings = ['listen_addresses=127.0.0.1', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
		const postgres = spawn(
			path.join(bin, 'postgres'),
			['-D', data, '-p', String(this.pgPort), '-k', data, ...settings.flatMap((setting) => ['-c', setting])],
			{ ...user, cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
		);
		// SIGINT is Postgres' fast shutdown: it ends the sessions of n8n processes still connected.
		const pg = new Service('postgres', postgres, 'SIGINT');
		this.services.push(pg);
		await pg.waitFor(/ready to accept connections/, 60_000);

		const redisPort = await freePort();
		const redisDir = path.join(this.dir, 'redis');
		fs.mkdirSync(redisDir);
		const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir];
		const redis = spawn(redisBin(), redisArgs, { cwd: redisDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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

	/** `count` × `n8n worker --concurrency=<concurrency>`, each with its own user folder and its own install of the package. */
	async startWorkers(count: number, concurrency: number): Promise<void> {
		const first = this.workers.length + 1;
		const folders = Array.from({ length: count }, (_, i) => userFolderWithPackage(path.join(this.dir, `worker-${first + i}`)));
		// one after the other: two workers migrating or registering at once on 2 cores only slows both
		for (const folder of folders) this.workers.push(await n8n.startWorker(folder, concurrency, this.options));
	}

	/** Runs SQL on the cluster's database: one array of column texts per row. */
	async sql(query: string): Promise<string[][]> {
		const args = ['-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'n8n', '-d', 'postgres', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1'];
		const out = await runToEnd(path.join(postgresBin(), 'psql'), [...args, '-c', query], { cwd: this.dir });
		return out
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	}

	/** A finished execution as stored in Postgres (n8n keeps run data as flatted JSON), for output(). */
	async execution(id: string): Promise<StoredExecution> {
		const [[workflowId, mode, status, startedAt, stoppedAt, data]] = await this.sql(
			`select e."workflowId", e.mode, e.status, e."startedAt", e."stoppedAt", d.data
			 from execution_entity e join execution_data d on d."executionId" = e.id where e.id = ${Number(id)}`,
		);
		const { n8nBin } = await install.ensureN8n({ version: n8n.N8N_VERSION });
		const flatted = require(require.resolve('flatted', { paths: [path.dirname(path.dirname(n8nBin))] })) as {
			parse(text: string): RunData;
		};
		return { id, workflowId, mode, status, startedAt, stoppedAt: stoppedAt || null, data: flatted.parse(data) };
	}

	/** Stops the n8n processes first (they still need the database and queue), then Redis and Postgres. */
	async stop(): Promise<void> {
		try {
			await Promise.allSettled([this.main?.stop(), ...this.workers.map((worker) => worker.stop())]);
			for (const service of [...this.services].reverse()) await service.stop();
		} finally {
			fs.rmSync(this.dir, { recursive: true, force: true });
		}
	}
}
