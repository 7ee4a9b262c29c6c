/**
 * A real n8n for the end-to-end tests: the version from $N8N_VERSION (scripts/n8n/install.js), a
 * fresh user folder with this package installed as n8n's community-package installer does, and the
 * ways the tests drive it: `n8n execute`, production polls, the editor's manual runs (REST API),
 * and the executions n8n stored.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import type { LogLine, RunData, StoredExecution, Workflow } from './workflows';

export type { LogLine };

// plain CommonJS, shared with `npm start`
const install: {
	resolveVersion(version?: string): string;
	ensureN8n(options: { version: string }): Promise<{ nodeBin: string; n8nBin: string; env: NodeJS.ProcessEnv }>;
} = require('../../scripts/n8n/install');
const run: {
	makeUserFolder(dir?: string): string;
	runN8n(userFolder: string, args: string[], options: RunOptions): Promise<CliResult>;
	importCredentials(userFolder: string, credentials: Credential[], options: RunOptions): Promise<void>;
	importWorkflows(userFolder: string, workflows: Workflow[], options: RunOptions): Promise<void>;
	startN8n(userFolder: string, options: RunOptions): Promise<N8nServer>;
	startWorker(userFolder: string, options: RunOptions & { concurrency: number }): Promise<N8nProcess>;
	errorText(logs: LogLine[], stderr: string): string;
} = require('../../scripts/n8n/run');

/** The n8n version under test. */
export const N8N_VERSION = install.resolveVersion();
/** n8n 2.36 and later can commit a poll round whole (durable poll cursors); 1.x cannot. */
export const HAS_DURABLE_POLL_CURSORS = !N8N_VERSION.startsWith('1.');
export const PACKAGE_NAME = 'n8n-nodes-whatconverts';
/** The types n8n gives the package's nodes once it is installed as a community package. */
export const TYPES = {
	node: `${PACKAGE_NAME}.whatConverts`,
	tool: `${PACKAGE_NAME}.whatConvertsTool`,
	trigger: `${PACKAGE_NAME}.whatConvertsTrigger`,
	webhookTrigger: `${PACKAGE_NAME}.whatConvertsWebhookTrigger`,
	credential: 'whatConvertsApi',
} as const;
const TIMEOUT_MS = 180_000;

export interface RunOptions {
	version?: string;
	env?: Record<string, string>;
	port?: number;
	timeoutMs?: number;
}

interface CliResult {
	exitCode: number | null;
	signal: string | null;
	stdout: string;
	stderr: string;
	logs: LogLine[];
	timedOut: boolean;
}

/** A running n8n process. */
export interface N8nProcess {
	userFolder: string;
	logs(): LogLine[];
	output(): string;
	stop(): Promise<void>;
	/** SIGKILL, as a crash: n8n gets no chance to finish or save anything. */
	kill(): Promise<void>;
}

export interface N8nServer extends N8nProcess {
	url: string;
	port: number;
	/** Headers of the owner's REST session, once restSession() made it. */
	restHeaders?: Record<string, string>;
}

export interface Credential {
	id: string;
	name: string;
	type: typeof TYPES.credential;
	data: { apiToken: string; apiSecret: string; baseUrl: string };
}

export interface N8nError {
	name?: string;
	message: string;
	description?: string;
	httpCode?: string;
	node?: { name: string };
	[key: string]: unknown;
}

export interface ExecuteResult {
	ok: boolean;
	status?: string;
	/** The run: `data.resultData.runData[node][run].data.main[output][item].json`. */
	data?: { data: RunData; status: string };
	error?: N8nError;
	exitCode: number | null;
	stdout: string;
	stderr: string;
	logs: LogLine[];
}

export interface PollResult {
	/** The executions the poll started (none when it found nothing new, or failed). */
	executions: StoredExecution[];
	/** What n8n logged when poll() threw during activation. */
	activationErrors: string[];
	/** The workflow's static data as n8n saved it (a polling node's under "node:<name>"). */
	staticData: Record<string, unknown> | null;
}

const options = (extra: RunOptions = {}): RunOptions => ({ version: N8N_VERSION, ...extra });

/**
 * The path of the package's tarball, `npm pack` of the built repository (made once per run by
 * globalSetup.ts).
 */
function tarball(): string {
	const file = process.env.E2E_PACKAGE_TARBALL;
	if (!file || !fs.existsSync(file)) throw new Error('no package tarball: run the end-to-end tests with `npm run test:e2e`');
	return file;
}

/**
 * Installs the packed package into `<userFolder>/.n8n/nodes` the way n8n's community-package
 * installer does (Settings → Community Nodes → Install): the tarball unpacked into
 * node_modules/<name>, its package.json without dev, peer and optional dependencies, `npm install`
 * inside it (no scripts, no lock file), and the package recorded in nodes/package.json.
 */
export function installPackage(userFolder: string): void {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball(), '-C', packageDir, '--strip-components=1']);
	const manifestFile = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
	void [devDependencies, peerDependencies, optionalDependencies];
	fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
	const flags = [
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
	];
	execFileSync('npm', ['install', ...flags], { cwd: packageDir, stdio: 'pipe' });
	const installed = { name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } };
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify(installed, null, 2));
}

/** A new temporary n8n user folder with the package installed. */
export function makeUserFolder(): string {
	const userFolder = run.makeUserFolder();
	installPackage(userFolder);
	return userFolder;
}

// `extra.env` adds settings, e.g. queue mode's database and queue
export const importCredentials = (userFolder: string, credentials: Credential[], extra: RunOptions = {}) =>
	run.importCredentials(userFolder, credentials, options(extra));
export const importWorkflows = (userFolder: string, workflows: Workflow[], extra: RunOptions = {}) =>
	run.importWorkflows(userFolder, workflows, options(extra));
export const startN8n = (userFolder: string, extra: RunOptions = {}) => run.startN8n(userFolder, options(extra));
/** `n8n worker --concurrency=<concurrency>` (queue mode), resolved once it takes jobs. */
export const startWorker = (userFolder: string, concurrency: number, extra: RunOptions = {}) =>
	run.startWorker(userFolder, { ...options(extra), concurrency });

/** `n8n publish:workflow --id`: the next `n8n start` activates the workflow. */
export async function publishWorkflow(userFolder: string, workflowId: string, extra: RunOptions = {}): Promise<void> {
	// 1.x calls it update:workflow --active=true
	const args = N8N_VERSION.startsWith('1.')
		? ['update:workflow', `--id=${workflowId}`, '--active=true']
		: ['publish:workflow', `--id=${workflowId}`];
	const res = await run.runN8n(userFolder, args, options(extra));
	if (res.exitCode !== 0 || res.logs.some((l) => l.level === 'error'))
		throw new Error(`n8n ${args.join(' ')} failed:\n${run.errorText(res.logs, res.stderr)}`);
}

/** What `n8n execute` printed as the run (a JSON log record holding `data.resultData`). */
function printedRun(logs: LogLine[]): ExecuteResult['data'] {
	for (const { message } of [...logs].reverse()) {
		if (!message.startsWith('{')) continue;
		try {
			const value = JSON.parse(message);
			if (value?.data?.resultData) return value;
		} catch {
			/* not the run */
		}
	}
	return undefined;
}

/**
 * `n8n execute --id=<id> --rawOutput` (the workflow starts at a manual trigger). The run is read
 * from the database when the printed one is missing: n8n exits without waiting for stdout to drain
 * (a run of several MB is cut off), and loses the run of a workflow that fails at once.
 */
export async function executeWorkflow(userFolder: string, workflowId: string): Promise<ExecuteResult> {
	const startedAt = Date.now();
	const res = await run.runN8n(userFolder, ['execute', `--id=${workflowId}`, '--rawOutput'], options());
	let data = printedRun(res.logs);
	if (!data && !res.timedOut) {
		const stored = (await readExecutions(userFolder, { workflowId }))
			.filter((e) => e.mode === 'cli' && Date.parse(`${e.startedAt.replace(' ', 'T')}Z`) >= startedAt - 1000)
			.pop();
		if (stored?.data) data = { data: stored.data, status: stored.status };
	}
	const ok = res.exitCode === 0 && data?.status === 'success';
	let error: N8nError | undefined;
	if (!ok) {
		error = data?.data.resultData.error;
		if (!error) {
			const message = res.timedOut
				? 'n8n execute timed out'
				: run.errorText(res.logs, res.stderr).split('\n')[0] || `n8n execute exited with ${res.exitCode}`;
			error = { message, details: run.errorText(res.logs, res.stderr) };
		}
	}
	return { ok, status: data?.status, data, error, exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr, logs: res.logs };
}

async function queryDatabase<T>(userFolder: string, query: 'executions' | 'staticData' | 'pollCursors', workflowId = ''): Promise<T> {
	const { nodeBin, n8nBin, env } = await install.ensureN8n({ version: N8N_VERSION });
	const database = path.join(userFolder, '.n8n', 'database.sqlite');
	const n8nDir = path.dirname(path.dirname(n8nBin));
	const out = execFileSync(nodeBin, ['--no-warnings', path.join(__dirname, 'db.cjs'), database, n8nDir, query, workflowId], {
		env,
		maxBuffer: 1 << 30,
	});
	return JSON.parse(out.toString()) as T;
}

/** The executions n8n stored (of one workflow, or all), oldest first; safe while n8n runs. */
export const readExecutions = (userFolder: string, { workflowId }: { workflowId?: string } = {}) =>
	queryDatabase<StoredExecution[]>(userFolder, 'executions', workflowId);

/** A workflow's static data as stored (a polling cursor lives under "node:<node name>"), or null. */
export const readStaticData = (userFolder: string, workflowId: string) =>
	queryDatabase<Record<string, unknown> | null>(userFolder, 'staticData', workflowId);

/**
 * A workflow's poll cursors where n8n keeps them with durable poll cursors on (the `poller_state`
 * table, one row per polling node, keyed by node id): the node's static data, committed together
 * with the execution its poll started.
 */
export const readPollCursors = (userFolder: string, workflowId: string) =>
	queryDatabase<Array<{ nodeId: string; cursor: Record<string, unknown> }>>(userFolder, 'pollCursors', workflowId);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const finished = (e: StoredExecution) => Boolean(e.stoppedAt) && !['new', 'running', 'waiting'].includes(e.status);

/**
 * Fires a workflow's polling trigger once as production n8n does: publishes it and starts n8n
 * (activation polls once, in mode "trigger"), waits for the executions that caused, stops n8n.
 * `n8n execute` cannot: it never calls poll(). The cursor stays in the database, so the next call
 * polls from it.
 */
export async function pollWorkflowOnce(userFolder: string, workflowId: string, pollDone: () => boolean = () => true): Promise<PollResult> {
	await publishWorkflow(userFolder, workflowId);
	const before = new Set((await readExecutions(userFolder, { workflowId })).map((e) => e.id));
	const server = await startN8n(userFolder);
	let executions: StoredExecution[] = [];
	try {
		// The execution a poll's items start is created just after the poll returns: `pollDone` says
		// when its requests are answered (a poll of several pages outlasts n8n's start), then a moment.
		let doneAt: number | undefined;
		const startedAt = Date.now();
		for (;;) {
			executions = (await readExecutions(userFolder, { workflowId })).filter((e) => !before.has(e.id));
			if (doneAt === undefined && pollDone()) doneAt = Date.now();
			if (doneAt !== undefined && executions.every(finished) && Date.now() - doneAt >= 1500) break;
			if (Date.now() - startedAt > TIMEOUT_MS) throw new Error(`the poll of ${workflowId} or its executions did not finish in time`);
			await sleep(250);
		}
	} finally {
		await server.stop();
	}
	// n8n retries a failed activation, so one message may be logged more than once
	const activationErrors = [
		...new Set(
			server
				.logs()
				.filter((l) => l.level === 'error' && /activat/i.test(l.message))
				.map((l) => l.message.trim().split('\n')[0]),
		),
	];
	return { executions, activationErrors, staticData: await readStaticData(userFolder, workflowId) };
}

export const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Local-test-owner-1' };

/** Signs in to a started n8n as its owner (set up on first use); returns the headers for /rest calls. */
export async function restSession(server: N8nServer): Promise<Record<string, string>> {
	if (server.restHeaders) return server.restHeaders;
	const headers = { 'content-type': 'application/json', 'browser-id': 'n8n-nodes-whatconverts-tests' };
	let res = await fetch(`${server.url}/rest/owner/setup`, { method: 'POST', headers, body: JSON.stringify(OWNER) });
	if (res.status !== 200) {
		const login = { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password };
		res = await fetch(`${server.url}/rest/login`, { method: 'POST', headers, body: JSON.stringify(login) });
	}
	if (res.status !== 200)
		throw new Error(`cannot sign in to ${server.url} as the owner: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	server.restHeaders = { ...headers, cookie };
	return server.restHeaders;
}

/** The workflow as the editor has it (GET /rest/workflows/:id). */
async function editorWorkflow(server: N8nServer, workflowId: string, headers: Record<string, string>): Promise<Workflow> {
	const res = await fetch(`${server.url}/rest/workflows/${workflowId}`, { headers });
	if (res.status !== 200) throw new Error(`GET workflow ${workflowId}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
	return ((await res.json()) as { data: Workflow }).data;
}

/**
 * Runs a workflow as the editor's "Execute workflow" / "Fetch Test Event" does (mode "manual"):
 * from `triggerNode`, and with `destinationNode` only up to that node, as "Execute step" does;
 * `edit` changes the workflow first and saves it, as a user does in the editor (n8n 2.x runs the
 * saved workflow). Resolves with the finished execution.
 */
export async function executeManually(
	server: N8nServer,
	workflowId: string,
	{ triggerNode, destinationNode, edit }: { triggerNode?: string; destinationNode?: string; edit?: (workflow: Workflow) => void } = {},
): Promise<StoredExecution> {
	const headers = await restSession(server);
	let workflowData = await editorWorkflow(server, workflowId, headers);
	if (edit) {
		edit(workflowData);
		const saved = await fetch(`${server.url}/rest/workflows/${workflowId}`, {
			method: 'PATCH',
			headers,
			body: JSON.stringify(workflowData),
		});
		if (saved.status !== 200) throw new Error(`saving ${workflowId}: HTTP ${saved.status} ${(await saved.text()).slice(0, 300)}`);
		workflowData = ((await saved.json()) as { data: Workflow }).data;
	}
	const body: Record<string, unknown> = { workflowData };
	if (triggerNode) body.triggerToStartFrom = { name: triggerNode };
	if (destinationNode) body.destinationNode = { nodeName: destinationNode, mode: 'inclusive' };
	const res = await fetch(`${server.url}/rest/workflows/${workflowId}/run`, { method: 'POST', headers, body: JSON.stringify(body) });
	const text = await res.text();
	const executionId = res.status === 200 ? (JSON.parse(text) as { data?: { executionId?: string } }).data?.executionId : undefined;
	if (!executionId) throw new Error(`manual run of ${workflowId}: HTTP ${res.status} ${text.slice(0, 500)}`);
	for (const deadline = Date.now() + TIMEOUT_MS; Date.now() < deadline; await sleep(250)) {
		const execution = (await readExecutions(server.userFolder, { workflowId })).find((e) => e.id === String(executionId));
		if (execution && finished(execution)) return execution;
	}
	throw new Error(`manual execution ${executionId} of ${workflowId} did not finish in time`);
}

/**
 * "Execute workflow" on a workflow that starts at the webhook `triggerNode`: n8n then listens on its
 * test URL (/webhook-test/...) for one request.
 */
export async function listenForTestEvent(server: N8nServer, workflowId: string, triggerNode: string): Promise<void> {
	const headers = await restSession(server);
	const workflowData = await editorWorkflow(server, workflowId, headers);
	const res = await fetch(`${server.url}/rest/workflows/${workflowId}/run`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ workflowData, triggerToStartFrom: { name: triggerNode } }),
	});
	const text = await res.text();
	if (res.status !== 200 || !(JSON.parse(text) as { data?: { waitingForWebhook?: boolean } }).data?.waitingForWebhook)
		throw new Error(`${workflowId} is not listening for a test event: HTTP ${res.status} ${text.slice(0, 500)}`);
}
