'use strict';
/*
 * Runs a real n8n from the cache (install.js) in a user folder of its own: CLI commands (imports)
 * and `n8n start`. Shared by `npm start` and the end-to-end tests; plain CommonJS without
 * dependencies (n8n itself runs on the Node.js install.js provides).
 *
 *   const n8n = require('./scripts/n8n/run');
 *   const uf = n8n.makeUserFolder();
 *   await n8n.importCredentials(uf, [{ id: 'wc', name: 'WC', type: 'whatConvertsApi', data: {...} }]);
 *   await n8n.importWorkflows(uf, [workflow]);
 *   const srv = await n8n.startN8n(uf, { port: 5678 }); // srv.url, srv.logs(), await srv.stop()
 *   const worker = await n8n.startWorker(uf, { concurrency: 2, env: queueAndDatabase }); // queue mode
 *
 * Options of every call: version (default $N8N_VERSION or install.js's default), env (extra
 * variables, applied last), timeoutMs. n8n loads the community packages installed in
 * <user folder>/.n8n/nodes, as a user's n8n does.
 */

const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { ensureN8n } = require('./install');

/** Fixed, so that a user folder's credentials stay readable across runs; only for local instances. */
const ENCRYPTION_KEY = 'n8n-nodes-whatconverts-local-test-key';
const TIMEOUT_MS = 180000;

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** A folder for N8N_USER_FOLDER (n8n keeps its database in <folder>/.n8n); a new temporary one without `dir`. */
function makeUserFolder(dir) {
	const folder = dir ? path.resolve(dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-user-'));
	fs.mkdirSync(folder, { recursive: true });
	return folder;
}

/** The environment of an n8n process: its own user folder, local, quiet, and nothing sent out. */
function n8nEnv(userFolder, install, { port, brokerPort, env } = {}) {
	const out = { ...install.env };
	// a developer's or CI's own n8n settings must not leak into these instances
	for (const key of Object.keys(out)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|WEBHOOK_URL$)/.test(key)) delete out[key];
	}
	Object.assign(out, {
		NODE_ENV: 'production', // jest's NODE_ENV=test makes n8n skip process.exit and load nodes differently
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		EXECUTIONS_MODE: 'regular',
		GENERIC_TIMEZONE: 'UTC',
		// every process runs a task broker: each gets its own port, so several n8n can run at once
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PYTHON_ENABLED: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// installed community packages load; n8n's list of verified ones is not fetched
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false', // the sandbox is on 127.0.0.1
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// the CLI prints its results through the logger at level info; JSON lines tell them apart
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_FORMAT: 'json',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
	});
	if (port) {
		const url = `http://127.0.0.1:${port}/`;
		Object.assign(out, { N8N_PORT: String(port), N8N_EDITOR_BASE_URL: url, N8N_WEBHOOK_URL: url });
	}
	return Object.assign(out, install.settings, env);
}

/** n8n's stdout as log records; lines that are not JSON log records become { level: 'text' }. */
function parseLogs(stdout) {
	return String(stdout)
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => {
			try {
				const rec = JSON.parse(line);
				if (rec && typeof rec === 'object' && 'message' in rec) return { level: rec.level, message: String(rec.message) };
			} catch {
				/* plain text */
			}
			return { level: 'text', message: line };
		});
}

/** The error-level messages (or the last lines) of a run, for an error message. */
function errorText(logs, stderr) {
	const errors = logs.filter((l) => l.level === 'error').map((l) => l.message);
	const text = errors.length
		? errors.join('\n')
		: logs
				.slice(-10)
				.map((l) => l.message)
				.join('\n');
	return [text, String(stderr || '').trim()].filter(Boolean).join('\n');
}

const running = new Set();
process.on('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

/** n8n and its task runner: a process group of their own. */
function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* gone */
	}
}

/** Starts n8n with `args`; stdout and stderr are collected. */
async function spawnN8n(userFolder, args, options) {
	const install = await ensureN8n({ version: options.version, onProgress: options.onProgress });
	const env = n8nEnv(path.resolve(userFolder), install, { ...options, brokerPort: await freePort() });
	const child = spawn(install.nodeBin, [install.n8nBin, ...args], {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	running.add(child);
	const out = { stdout: '', stderr: '' };
	child.stdout.setEncoding('utf8').on('data', (c) => (out.stdout += c));
	child.stderr.setEncoding('utf8').on('data', (c) => (out.stderr += c));
	const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
	exited.then(() => running.delete(child));
	return { child, out, exited, install };
}

/**
 * Runs one n8n CLI command to its end.
 * @returns {Promise<{exitCode: number|null, signal: string|null, stdout: string, stderr: string, logs: {level: string, message: string}[], timedOut: boolean}>}
 */
async function runN8n(userFolder, args, options = {}) {
	const { child, out, exited } = await spawnN8n(userFolder, args, options);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child, 'SIGKILL');
	}, options.timeoutMs || TIMEOUT_MS);
	const { code, signal } = await exited;
	clearTimeout(timer);
	return { exitCode: code, signal, ...out, logs: parseLogs(out.stdout), timedOut };
}

/** `n8n import:<kind> --input=<file>` of `items`; throws with n8n's errors when it fails. */
async function importItems(userFolder, kind, items, options) {
	const file = path.join(makeUserFolder(userFolder), `import-${kind}-${crypto.randomUUID()}.json`);
	fs.writeFileSync(file, JSON.stringify(items), { mode: 0o600 });
	try {
		const res = await runN8n(userFolder, [`import:${kind}`, `--input=${file}`], options);
		const imported = res.logs.some((l) => /^Successfully imported \d+/.test(l.message));
		const skipped = res.logs.some((l) => /^Skipped/.test(l.message));
		if (res.exitCode !== 0 || !imported || skipped) {
			throw new Error(
				`n8n import:${kind} failed (exit code ${res.exitCode}${res.timedOut ? ', timed out' : ''}):\n${errorText(res.logs, res.stderr)}`,
			);
		}
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * Imports credentials, each { id, name, type, data } with `data` the plain fields (n8n encrypts
 * them). The same id again overwrites.
 */
async function importCredentials(userFolder, credentials, options = {}) {
	await importItems(userFolder, 'credentials', credentials, options);
}

/**
 * Imports workflows, each { id (1 to 21 characters), name, nodes, connections, ... }; they are
 * imported inactive, and the same id again overwrites. Nodes without an id get one.
 */
async function importWorkflows(userFolder, workflows, options = {}) {
	const items = workflows.map((w) => ({
		active: false,
		settings: {},
		...w,
		nodes: w.nodes.map((node) => ({ id: crypto.randomUUID(), parameters: {}, ...node })),
	}));
	await importItems(userFolder, 'workflow', items, options);
}

async function httpStatus(url) {
	try {
		return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;
	} catch {
		return 0;
	}
}

/**
 * A long-running n8n process (`start`, `worker`), resolved once `ready()` says so: logs, output, a
 * stop() that waits for its exit (SIGTERM, SIGKILL after 20 s) and ends its task runner too, and a
 * kill() (SIGKILL to n8n and its task runner at once, as a crash).
 */
async function startProcess(userFolder, args, options, ready) {
	const { child, out, exited, install } = await spawnN8n(userFolder, args, options);
	let stopping;
	const started = {
		userFolder: path.resolve(userFolder),
		version: install.version,
		process: child,
		logs: () => parseLogs(out.stdout),
		output: () => out.stdout + out.stderr,
		stop: () =>
			(stopping ??= (async () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				killGroup(child, 'SIGTERM');
				const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 20000);
				await exited;
				clearTimeout(timer);
				killGroup(child, 'SIGKILL'); // a task runner left behind
			})()),
		// a crash: no shutdown, whatever n8n was doing is cut off where it stands
		kill: () =>
			(stopping ??= (async () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				killGroup(child, 'SIGKILL');
				await exited;
			})()),
	};
	let ended;
	exited.then((r) => (ended = r));
	const name = `n8n ${args[0]}`;
	const deadline = Date.now() + (options.timeoutMs || TIMEOUT_MS);
	for (;;) {
		if (ended) throw new Error(`${name} exited (${ended.signal || `exit code ${ended.code}`}):\n${errorText(started.logs(), out.stderr)}`);
		if (Date.now() > deadline) {
			await started.stop();
			throw new Error(`${name} was not ready in time:\n${errorText(started.logs(), out.stderr)}`);
		}
		if (await ready(out.stdout)) return started;
		await new Promise((r) => setTimeout(r, 300));
	}
}

/**
 * Starts `n8n start` (editor, REST API, webhooks) on 127.0.0.1 and resolves once it answers and
 * has activated the published workflows (webhooks registered, each polling trigger polled once).
 * @returns {Promise<{url: string, port: number, userFolder: string, process: import('child_process').ChildProcess,
 *   logs: () => {level: string, message: string}[], output: () => string, stop: () => Promise<void>}>}
 */
async function startN8n(userFolder, options = {}) {
	const port = options.port || (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const ready = async (stdout) => /Editor is now accessible via/.test(stdout) && (await httpStatus(`${url}/healthz`)) === 200;
	return { url, port, ...(await startProcess(userFolder, ['start'], { ...options, port }, ready)) };
}

/**
 * Starts `n8n worker --concurrency=<options.concurrency>` (queue mode: `env` names the queue and
 * the database) and resolves once it takes jobs. Same result as startN8n() without url and port.
 */
async function startWorker(userFolder, options = {}) {
	const args = ['worker', `--concurrency=${options.concurrency || 1}`];
	return startProcess(userFolder, args, options, (stdout) => /n8n worker is now ready/.test(stdout));
}

module.exports = {
	makeUserFolder,
	runN8n,
	importCredentials,
	importWorkflows,
	startN8n,
	startWorker,
	parseLogs,
	errorText,
	freePort,
	ENCRYPTION_KEY,
};
