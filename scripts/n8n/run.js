'use strict';
/*
 * Helpers to run a real, pinned n8n (see install.js) with this package loaded
 * as custom extensions: import credentials and workflows, execute a workflow
 * from the CLI and read its run data, or start the editor/webhook server.
 *
 * Plain CommonJS without dependencies (runs on the machine's Node 20; n8n
 * itself runs on the Node 24 that install.js provides).
 *
 *   const n8n = require('./scripts/n8n/run');
 *   const uf = n8n.makeUserFolder();                      // fresh temp folder
 *   await n8n.importCredentials(uf, [{ id: 'wcCred', name: 'WC', type: 'whatConvertsApi', data: {...} }]);
 *   await n8n.importWorkflows(uf, [workflowJson]);
 *   const r = await n8n.executeWorkflow(uf, 'wfLeads1');  // { ok, status, data, error, ... }
 *   n8n.nodeOutput(r, 'WhatConverts');                    // [{...json}, ...]
 *   const srv = await n8n.startN8n(uf, { port: 5699 });   // srv.url, await srv.stop()
 *
 * Triggers: `n8n execute` only starts at a manualTrigger and never calls a polling node's poll().
 *   await n8n.pollWorkflowOnce(uf, 'wfPoll')              // publish + start: poll() once in mode "trigger"
 *   await n8n.executeManually(srv, 'wfPoll', { triggerNode: 'WhatConverts Trigger' }) // mode "manual"
 *   await n8n.readExecutions(uf, { workflowId }) / readStaticData(uf, workflowId)
 *
 * Every function takes an optional last `options` object:
 *   customExtensions  folder(s) loaded through N8N_CUSTOM_EXTENSIONS (default <repo>/dist;
 *                     string or array; [] for none)
 *   env               extra environment variables for n8n (applied last)
 *   timeoutMs         kill n8n after this long (CLI commands; default 180 s)
 *   onProgress        passed to ensureN8n() for the first-time install
 *
 * Command line (for people): `node scripts/n8n/run.js start [--port N]
 * [--user-folder DIR] [--extensions DIR]` starts n8n with the package until Ctrl-C.
 */

const fs = require('fs');
const os = require('os');
const net = require('net');
const http = require('http');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { ensureN8n, descendants, procStartTime, killTree } = require('./install');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_EXTENSIONS_DIR = path.join(REPO_ROOT, 'dist');
/** Fixed so that a user folder can be reused across runs; only for throwaway test instances. */
const ENCRYPTION_KEY = 'n8n-nodes-whatconverts-local-test-key';
const DEFAULT_TIMEOUT_MS = 180000;

/** The package's node and credential types as n8n sees them when loaded from N8N_CUSTOM_EXTENSIONS. */
const TYPES = {
  node: 'CUSTOM.whatConverts',
  trigger: 'CUSTOM.whatConvertsTrigger',
  webhookTrigger: 'CUSTOM.whatConvertsWebhookTrigger',
  credential: 'whatConvertsApi',
  manualTrigger: 'n8n-nodes-base.manualTrigger',
};

/** Returns an unused TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Random id from [A-Za-z0-9] (n8n ids are such strings; workflow ids are 1 to 21 characters). */
function makeId(length = 16) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(length);
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[bytes[i] % alphabet.length];
  return id;
}

/**
 * Creates (if needed) a folder for N8N_USER_FOLDER and returns its absolute path.
 * n8n keeps its SQLite database and settings in <dir>/.n8n. Without `dir` a new
 * folder is made under the system temp folder. One user folder must not be used
 * by two n8n processes at the same time (SQLite).
 */
function makeUserFolder(dir) {
  const folder = dir ? path.resolve(dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-user-'));
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

function extensionDirs(options) {
  let dirs = options && 'customExtensions' in options ? options.customExtensions : DEFAULT_EXTENSIONS_DIR;
  if (dirs === null || dirs === undefined) dirs = [];
  if (!Array.isArray(dirs)) dirs = [dirs];
  dirs = dirs.map((d) => path.resolve(d));
  for (const d of dirs) {
    if (!fs.existsSync(d)) {
      const hint = d === DEFAULT_EXTENSIONS_DIR ? ' (build the package first: npm run build)' : '';
      throw new Error(`custom extensions folder ${d} does not exist${hint}`);
    }
  }
  return dirs;
}

/**
 * The environment for an n8n process: isolated in `userFolder`, the package loaded
 * from the custom extension folder(s), quiet, local and without telemetry.
 * `base` is the env from ensureN8n() (Node 24 first on PATH).
 */
function n8nEnv(userFolder, options = {}, base = process.env) {
  const dirs = extensionDirs(options);
  const env = { ...base };
  // Inherited n8n settings (a developer's shell, CI) must not change the test instance.
  for (const key of Object.keys(env)) {
    if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|WEBHOOK_URL$)/.test(key)) delete env[key];
  }
  Object.assign(env, {
    NODE_ENV: 'production', // NODE_ENV=test (jest) makes n8n skip process.exit and load nodes differently
    N8N_USER_FOLDER: path.resolve(userFolder),
    N8N_CUSTOM_EXTENSIONS: dirs.join(';'), // n8n splits this variable on ';'
    N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
    DB_TYPE: 'sqlite',
    EXECUTIONS_MODE: 'regular',
    GENERIC_TIMEZONE: 'UTC',
    // Task runners cannot be turned off in 2.x (N8N_RUNNERS_ENABLED is no longer read; n8n start
    // prints a deprecation warning for it, so it is not set): every command that runs workflows
    // starts a task broker (default port 5679) and a JS runner child process. Each process gets a
    // free broker port (set by the spawners below) so several n8n processes can run at once.
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
    N8N_PYTHON_ENABLED: 'false',
    // nothing leaves the machine
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    // The MCP registry module fetches https://api.n8n.io/api/mcp-servers when `n8n start` runs.
    N8N_DISABLED_MODULES: 'mcp-registry',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
    N8N_VERIFIED_PACKAGES_ENABLED: 'false',
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
    // requests from nodes to a mock API on 127.0.0.1 must not be blocked (default is off; made explicit)
    N8N_SSRF_PROTECTION_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
    // n8n 2.40 activates published workflows through an asynchronous "publication service" by
    // default: `n8n start` is up before triggers are active, and a trigger that fails to activate
    // holds up shutdown for the whole graceful timeout. The classic path activates them before
    // n8n logs "Editor is now accessible via" (same trigger/webhook code), which tests can wait for.
    N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
    // The CLI prints its results through the logger at level info, so info must stay on;
    // JSON lines let executeWorkflow() tell the run data from the other log messages.
    N8N_LOG_LEVEL: 'info',
    N8N_LOG_OUTPUT: 'console',
    N8N_LOG_FORMAT: 'json',
    // server settings (used by `n8n start`)
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    N8N_SECURE_COOKIE: 'false',
  });
  if (options.port) {
    const url = `http://127.0.0.1:${options.port}/`;
    Object.assign(env, { N8N_PORT: String(options.port), N8N_EDITOR_BASE_URL: url, N8N_WEBHOOK_URL: url });
  }
  if (options.brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(options.brokerPort);
  Object.assign(env, options.env || {});
  return env;
}

/** Splits n8n's stdout (JSON log lines, see N8N_LOG_FORMAT above) into log records; other lines become {level:'text'}. */
function parseLogs(stdout) {
  const logs = [];
  for (const line of String(stdout).split('\n')) {
    if (!line.trim()) continue;
    let rec;
    if (line.startsWith('{')) {
      try {
        rec = JSON.parse(line);
      } catch {
        rec = undefined;
      }
    }
    if (rec && typeof rec === 'object' && 'message' in rec) logs.push({ level: rec.level, message: String(rec.message) });
    else logs.push({ level: 'text', message: line });
  }
  return logs;
}

const BOILERPLATE = /^\s*(Error executing workflow\. See log messages|Execution error:|=+$|An error occurred while importing)/;
const isStack = (m) => /\n\s+at /.test(m);

/** The most telling error message of a failed CLI run: the last error-level message that is not boilerplate or a stack. */
function errorMessage(logs, stderr) {
  const errors = logs.filter((l) => l.level === 'error' && !BOILERPLATE.test(l.message) && !isStack(l.message));
  if (errors.length) return errors[errors.length - 1].message.trim();
  const last = logs.filter((l) => !BOILERPLATE.test(l.message));
  if (last.length) return last[last.length - 1].message.trim();
  return String(stderr || '').trim();
}

/** All error-level messages (stacks included) and stderr, for debugging. */
function errorText(logs, stderr) {
  const errors = logs.filter((l) => l.level === 'error').map((l) => l.message);
  const text = errors.length ? errors.join('\n') : logs.slice(-10).map((l) => l.message).join('\n');
  return [text, String(stderr || '').trim()].filter(Boolean).join('\n');
}

const activeChildren = new Set();

process.on('exit', () => {
  for (const child of activeChildren) {
    if (child.exitCode === null && child.signalCode === null) killTree(child.pid, 'SIGKILL');
  }
});

/**
 * Runs one n8n CLI command (`n8n <args...>`) to its end.
 * @returns {Promise<{exitCode: number|null, signal: string|null, stdout: string, stderr: string, logs: {level: string, message: string}[], timedOut: boolean}>}
 */
async function runN8n(userFolder, args, options = {}) {
  userFolder = makeUserFolder(userFolder);
  const install = await ensureN8n({ onProgress: options.onProgress });
  const brokerPort = await freePort();
  const env = n8nEnv(userFolder, { ...options, brokerPort }, install.env);
  const timeoutMs = options.timeoutMs || DEFAULT_TIMEOUT_MS;
  return await new Promise((resolve, reject) => {
    const child = spawn(install.nodeBin, [install.n8nBin, ...args], { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
    activeChildren.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      activeChildren.delete(child);
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      activeChildren.delete(child);
      resolve({ exitCode, signal, stdout, stderr, logs: parseLogs(stdout), timedOut });
    });
  });
}

function writeImportFile(userFolder, kind, items) {
  const dir = path.join(userFolder, 'imports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${kind}-${Date.now()}-${makeId(6)}.json`);
  fs.writeFileSync(file, JSON.stringify(items, null, 2), { mode: 0o600 });
  return file;
}

function checkImport(res, what, count) {
  const ok = res.exitCode === 0 && res.logs.some((l) => /^Successfully imported \d+/.test(l.message));
  const skipped = res.logs.filter((l) => /^Skipped workflow/.test(l.message));
  if (!ok || skipped.length) {
    const why = res.timedOut ? 'timed out' : `exit code ${res.exitCode}${res.signal ? `, signal ${res.signal}` : ''}`;
    throw new Error(`n8n ${what} of ${count} item(s) failed (${why}):\n${errorText(res.logs, res.stderr)}`);
  }
}

/**
 * Imports credentials with `n8n import:credentials --input=<file>`.
 * Each credential: { id?, name, type, data } with `data` as a plain object of the
 * credential's fields (n8n encrypts it on import). A missing id is generated.
 * Importing the same id again overwrites it.
 * @returns {Promise<{id: string, name: string, type: string}[]>}
 */
async function importCredentials(userFolder, creds, options = {}) {
  if (!Array.isArray(creds) || creds.length === 0) throw new Error('importCredentials: give a non-empty array');
  const items = creds.map((c, i) => {
    if (!c || typeof c.type !== 'string' || !c.type) throw new Error(`credential #${i}: "type" is required (e.g. "${TYPES.credential}")`);
    if (!c.data || typeof c.data !== 'object' || Array.isArray(c.data)) throw new Error(`credential #${i}: "data" must be a plain object of the credential's fields`);
    return { ...c, id: c.id || makeId(16), name: c.name || `${c.type} ${i + 1}` };
  });
  const file = writeImportFile(userFolder, 'credentials', items);
  try {
    const res = await runN8n(userFolder, ['import:credentials', `--input=${file}`], options);
    checkImport(res, 'import:credentials', items.length);
  } finally {
    fs.rmSync(file, { force: true });
  }
  return items.map(({ id, name, type }) => ({ id, name, type }));
}

/**
 * Imports workflows with `n8n import:workflow --input=<file>` (imported inactive).
 * Each workflow: { id?, name, nodes, connections, settings? }. A missing workflow id
 * (1 to 21 characters), node id, typeVersion (1), position or parameters is filled in.
 * Importing the same id again overwrites it.
 * @returns {Promise<{id: string, name: string}[]>}
 */
async function importWorkflows(userFolder, workflows, options = {}) {
  if (!Array.isArray(workflows) || workflows.length === 0) throw new Error('importWorkflows: give a non-empty array');
  const items = workflows.map((w, i) => {
    if (!w || !Array.isArray(w.nodes) || !w.connections || typeof w.connections !== 'object') {
      throw new Error(`workflow #${i}: "nodes" (array) and "connections" (object) are required`);
    }
    const id = w.id || makeId(16);
    if (typeof id !== 'string' || id.length > 21) throw new Error(`workflow #${i}: id must be a string of 1 to 21 characters`);
    return {
      active: false,
      settings: {},
      ...w,
      id,
      name: w.name || `Workflow ${id}`,
      nodes: w.nodes.map((n, j) => ({
        id: crypto.randomUUID(),
        typeVersion: 1,
        position: [j * 220, 0],
        parameters: {},
        ...n,
      })),
    };
  });
  const file = writeImportFile(userFolder, 'workflows', items);
  try {
    const res = await runN8n(userFolder, ['import:workflow', `--input=${file}`], options);
    checkImport(res, 'import:workflow', items.length);
  } finally {
    fs.rmSync(file, { force: true });
  }
  return items.map(({ id, name }) => ({ id, name }));
}

/** Finds the run data (IRun: { data: { resultData }, status, mode, ... }) that `execute` logs. */
function findRunData(logs, stdout) {
  const isRun = (v) => v && typeof v === 'object' && v.data && typeof v.data === 'object' && v.data.resultData;
  for (let i = logs.length - 1; i >= 0; i--) {
    const m = logs[i].message;
    if (!m.startsWith('{')) continue;
    try {
      const v = JSON.parse(m);
      if (isRun(v)) return v;
    } catch {
      /* not JSON */
    }
  }
  // Fallback for text logs (N8N_LOG_FORMAT overridden): a pretty-printed object from a "{" line to a "}" line.
  const lines = String(stdout).split('\n');
  for (let end = lines.length - 1; end >= 0; end--) {
    if (lines[end] !== '}') continue;
    for (let start = end - 1; start >= 0; start--) {
      if (lines[start] !== '{') continue;
      try {
        const v = JSON.parse(lines.slice(start, end + 1).join('\n'));
        if (isRun(v)) return v;
      } catch {
        /* keep looking */
      }
    }
  }
  return undefined;
}

/**
 * Runs `n8n execute --id=<workflowId> --rawOutput` (the workflow must start with an
 * n8n-nodes-base.manualTrigger node) and parses what it prints.
 *
 * @returns {Promise<{
 *   ok: boolean,          // exit code 0 and run status "success"
 *   status: string|undefined, // run status: "success", "error", ...
 *   data: object|undefined,   // the run (IRun): data.resultData.runData[nodeName][runIndex].data.main[output][item].json
 *   error: object|undefined,  // data.resultData.error (name, message, description, node, httpCode...) or { message, details } from the log
 *                             // (data.fromDatabase is set when the run had to be read from the database)
 *   exitCode: number|null, signal: string|null, stdout: string, stderr: string, logs: {level, message}[]
 * }>}
 */
async function executeWorkflow(userFolder, workflowId, options = {}) {
  const startedAt = Date.now();
  const res = await runN8n(userFolder, ['execute', `--id=${workflowId}`, '--rawOutput'], options);
  let data = findRunData(res.logs, res.stdout);
  // n8n exits without waiting for stdout to drain: a run of more than a few MB is printed cut off
  // (e.g. 12,000 leads), so it is read from the database, where n8n stored it in full.
  if (!data && !res.timedOut) data = await storedRun(userFolder, workflowId, startedAt, options);
  const status = data && data.status;
  const ok = res.exitCode === 0 && Boolean(data) && status === 'success';
  let error;
  if (!ok) {
    error = data && data.data.resultData.error;
    if (!error || res.timedOut || res.signal) {
      // e.g. unknown workflow id, no manualTrigger ("Missing node to start execution"), unknown node
      // type ("Unrecognized node type: CUSTOM.x"); sometimes n8n loses the run of a workflow that fails
      // at once (missing credential) and only logs "No active execution found".
      const why = res.timedOut ? `n8n execute timed out after ${options.timeoutMs || DEFAULT_TIMEOUT_MS} ms` : `n8n execute was killed by ${res.signal}`;
      const message = res.timedOut || res.signal ? why : errorMessage(res.logs, res.stderr) || `n8n execute exited with ${res.exitCode}`;
      error = { message, details: errorText(res.logs, res.stderr), exitCode: res.exitCode, signal: res.signal };
    }
  }
  return { ok, status, data, error, exitCode: res.exitCode, signal: res.signal, stdout: res.stdout, stderr: res.stderr, logs: res.logs };
}

/** resultData of an executeWorkflow() result, of a readExecutions() record, or of run data itself. */
function resultDataOf(x) {
  for (const c of [x && x.data && x.data.data, x && x.data, x]) {
    if (c && typeof c === 'object' && c.resultData) return c.resultData;
  }
  return undefined;
}

/**
 * The run as n8n stored it, for when the printed one is missing: a run that fails at once (e.g. a
 * credential the node may not use), where `execute` logs only "No active execution found", and a
 * large run, whose printed JSON is cut off because n8n exits before its stdout drains.
 */
async function storedRun(userFolder, workflowId, sinceMs, options) {
  let executions;
  try {
    executions = await readExecutions(userFolder, { ...options, workflowId });
  } catch {
    return undefined;
  }
  const utc = (v) => (v ? Date.parse(`${String(v).replace(' ', 'T')}Z`) : NaN);
  const e = executions.filter((x) => x.mode === 'cli' && utc(x.startedAt) >= sinceMs - 1000).pop();
  if (!e || !e.data || !e.data.resultData) return undefined;
  return { data: e.data, mode: e.mode, status: e.status, startedAt: e.startedAt, stoppedAt: e.stoppedAt, finished: e.finished, executionId: e.id, fromDatabase: true };
}

/**
 * The output items (json only) of `nodeName` in an executeWorkflow() result.
 * @returns {object[]|undefined} undefined when the node did not run
 */
function nodeOutput(result, nodeName, { output = 0, run = 0 } = {}) {
  const runData = resultDataOf(result) && resultDataOf(result).runData;
  const task = runData && runData[nodeName] && runData[nodeName][run];
  if (!task) return undefined;
  const main = task.data && task.data.main;
  return ((main && main[output]) || []).map((item) => item.json);
}

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

/**
 * Starts `n8n start` (editor, REST API and webhooks) on 127.0.0.1 and resolves once
 * GET /healthz and /healthz/readiness answer 200.
 *
 * @param {string} userFolder
 * @param {{port?: number, customExtensions?: string|string[], env?: object, timeoutMs?: number, waitForActivation?: boolean}} [options]
 *   port: default a free one. timeoutMs: how long to wait for it to come up (default 180 s).
 *   waitForActivation (default true): also wait until n8n has activated the published workflows
 *   (it logs "Editor is now accessible via"), so production webhooks are registered and every
 *   polling trigger has polled once.
 * @returns {Promise<{url: string, port: number, pid: number, process: import('child_process').ChildProcess,
 *   logs: () => {level: string, message: string}[], output: () => string, stop: () => Promise<void>}>}
 */
async function startN8n(userFolder, options = {}) {
  userFolder = makeUserFolder(userFolder);
  const install = await ensureN8n({ onProgress: options.onProgress });
  const port = options.port || (await freePort());
  const brokerPort = await freePort();
  const env = n8nEnv(userFolder, { ...options, port, brokerPort }, install.env);
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(install.nodeBin, [install.n8nBin, 'start'], { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
  activeChildren.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  exited.then(() => activeChildren.delete(child));

  let stopping;
  const stop = () => {
    if (!stopping) {
      stopping = (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          // n8n stops its task runner child itself; anything of its tree still there afterwards is killed
          const kids = descendants(child.pid).map((pid) => ({ pid, started: procStartTime(pid) }));
          child.kill('SIGTERM');
          const timer = setTimeout(() => killTree(child.pid, 'SIGKILL'), 20000);
          await exited;
          clearTimeout(timer);
          for (const k of kids) {
            if (k.started === undefined || procStartTime(k.pid) !== k.started) continue;
            try {
              process.kill(k.pid, 'SIGKILL');
            } catch {
              /* gone */
            }
          }
        }
      })();
    }
    return stopping;
  };
  const handle = {
    url,
    port,
    userFolder: path.resolve(userFolder),
    pid: child.pid,
    process: child,
    logs: () => parseLogs(stdout),
    output: () => stdout + stderr,
    stop,
  };

  const deadline = Date.now() + (options.timeoutMs || DEFAULT_TIMEOUT_MS);
  let early;
  exited.then((r) => (early = r));
  for (;;) {
    if (early) {
      throw new Error(`n8n start exited before it was ready (${early.signal || `exit code ${early.code}`}):\n${errorText(parseLogs(stdout), stderr)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`n8n start did not answer ${url}/healthz in time:\n${errorText(parseLogs(stdout), stderr)}`);
    }
    const health = await httpGet(`${url}/healthz`);
    if (health.status === 200) {
      const ready = await httpGet(`${url}/healthz/readiness`);
      // The HTTP server answers before published workflows are activated (webhooks registered,
      // first poll of polling triggers done); n8n logs this line once that is finished.
      const activated = options.waitForActivation === false || /Editor is now accessible via/.test(stdout);
      if ((ready.status === 200 || ready.status === 404) && activated) return handle;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Publishes (activates) a workflow with `n8n publish:workflow --id=<id>`; the next `n8n start`
 * activates it: registers its production webhooks, and runs each polling trigger's poll() once
 * at once (mode "trigger"), then on its schedule (at least once a minute).
 */
async function publishWorkflow(userFolder, workflowId, options = {}) {
  const res = await runN8n(userFolder, ['publish:workflow', `--id=${workflowId}`], options);
  if (res.exitCode !== 0 || !res.logs.some((l) => /^Publishing workflow/.test(l.message)) || res.logs.some((l) => l.level === 'error')) {
    throw new Error(`n8n publish:workflow --id=${workflowId} failed: ${errorMessage(res.logs, res.stderr)}`);
  }
}

// Runs on Node 24 with n8n's own sqlite3 and flatted (n8n stores run data as flatted JSON).
const DB_QUERY_SCRIPT = `
const [dbPath, n8nDir, what, workflowId] = process.argv.slice(1);
const req = (m) => require(require.resolve(m, { paths: [n8nDir] }));
const sqlite3 = req('sqlite3');
const flatted = req('flatted');
const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY);
db.configure('busyTimeout', 10000);
const done = (err, value) => {
  if (err) { process.stderr.write(String(err.stack || err)); process.exit(1); }
  process.stdout.write(JSON.stringify(value));
  db.close();
};
if (what === 'executions') {
  db.all(
    'select e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, e.storedAt, d.data from execution_entity e left join execution_data d on d.executionId = e.id where (?1 is null or e.workflowId = ?1) and e.deletedAt is null order by e.id',
    [workflowId || null],
    (err, rows) => done(err, rows && rows.map((r) => ({ ...r, id: String(r.id), finished: Boolean(r.finished), data: r.data ? flatted.parse(r.data) : undefined }))),
  );
} else if (what === 'staticData') {
  db.get('select staticData from workflow_entity where id = ?', [workflowId], (err, row) => done(err, row && row.staticData ? JSON.parse(row.staticData) : null));
} else done(new Error('unknown query ' + what));
`;

async function queryDb(userFolder, what, workflowId, options = {}) {
  const install = await ensureN8n({ onProgress: options.onProgress });
  const dbPath = path.join(path.resolve(userFolder), '.n8n', 'database.sqlite');
  if (!fs.existsSync(dbPath)) throw new Error(`no n8n database in ${userFolder} (run an import first)`);
  const n8nDir = path.dirname(path.dirname(install.n8nBin));
  return await new Promise((resolve, reject) => {
    const child = spawn(install.nodeBin, ['-e', DB_QUERY_SCRIPT, dbPath, n8nDir, what, workflowId || ''], { env: install.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`reading ${dbPath} failed: ${err.trim()}`));
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/**
 * Executions stored in the user folder's database (all, or of one workflow), oldest first:
 * [{ id, workflowId, mode ("cli", "trigger", "webhook", "manual"...), status, finished, startedAt,
 *    stoppedAt, data: { resultData: { runData, error?, lastNodeExecuted }, ... } }].
 * nodeOutput(execution, nodeName) reads its items. Safe while n8n runs (SQLite WAL).
 */
async function readExecutions(userFolder, { workflowId, ...options } = {}) {
  return await queryDb(userFolder, 'executions', workflowId, options);
}

/** A workflow's static data as saved in the database (polling cursors live under "node:<node name>"), or null. */
async function readStaticData(userFolder, workflowId, options = {}) {
  return await queryDb(userFolder, 'staticData', workflowId, options);
}

/**
 * Fires the polling trigger(s) of a workflow once, the way production n8n does: publishes the
 * workflow, starts n8n (activation runs poll() once in mode "trigger"; items it returns start an
 * execution), waits for the executions this caused to finish, and stops n8n. `n8n execute` cannot
 * do this: it only starts at a manualTrigger, and in its "cli" mode a polling node downstream only
 * passes its input through without calling poll(). Static data (the poll cursor) is kept in the
 * database, so calling this again polls again from the saved cursor.
 *
 * @returns {Promise<{executions: object[], activationErrors: string[], staticData: object|null, logs: {level: string, message: string}[]}>}
 *   executions: the new ones of this workflow (see readExecutions); none when poll() returned null.
 *   activationErrors: messages n8n logged when poll() threw during activation.
 */
async function pollWorkflowOnce(userFolder, workflowId, options = {}) {
  await publishWorkflow(userFolder, workflowId, options);
  const before = new Set((await readExecutions(userFolder, { ...options, workflowId })).map((e) => e.id));
  const srv = await startN8n(userFolder, { ...options, waitForActivation: true });
  let executions = [];
  try {
    // The first poll ran during activation; the execution its items start is created right after.
    const settleMs = options.settleMs === undefined ? 1500 : options.settleMs;
    const readyAt = Date.now();
    const deadline = readyAt + (options.timeoutMs || DEFAULT_TIMEOUT_MS);
    for (;;) {
      executions = (await readExecutions(userFolder, { ...options, workflowId })).filter((e) => !before.has(e.id));
      const running = executions.some((e) => !e.stoppedAt || ['new', 'running', 'waiting'].includes(e.status));
      if (!running && Date.now() - readyAt >= settleMs) break;
      if (Date.now() > deadline) throw new Error(`executions of ${workflowId} did not finish in time`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await srv.stop();
  }
  const logs = srv.logs();
  // e.g. 'There was a problem activating the workflow: "<message poll() threw>"' (n8n retries
  // activation after 2 s, 4 s, ... so the same message may be logged more than once)
  const activationErrors = [
    ...new Set(logs.filter((l) => l.level === 'error' && /activat/i.test(l.message)).map((l) => l.message.trim().split('\n')[0])),
  ];
  const staticData = await readStaticData(userFolder, workflowId, options);
  return { executions, activationErrors, staticData, logs };
}

const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Local-test-owner-1' };

/** Logs in to a started n8n as its owner (setting the owner up on first use); returns headers for /rest calls. */
async function restSession(server) {
  if (server.restHeaders) return server.restHeaders;
  const headers = { 'content-type': 'application/json', 'browser-id': 'n8n-nodes-whatconverts-tests' };
  let res = await fetch(`${server.url}/rest/owner/setup`, { method: 'POST', headers, body: JSON.stringify(OWNER) });
  if (res.status !== 200) {
    res = await fetch(`${server.url}/rest/login`, { method: 'POST', headers, body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }) });
  }
  if (res.status !== 200) throw new Error(`cannot log in to ${server.url} as the owner: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  server.restHeaders = { ...headers, cookie };
  return server.restHeaders;
}

/**
 * Runs a workflow the way the editor's "Execute workflow" / "Fetch test event" button does
 * (mode "manual"), on a server from startN8n(): a polling trigger's poll() then runs in manual
 * mode. Uses n8n's internal REST API as the owner (owner@example.com, set up on first use).
 * @param {{triggerNode?: string, destinationNode?: string, timeoutMs?: number}} [options] triggerNode: the trigger
 *   to start from; destinationNode: run only up to (and including) this node, as the editor's "Execute step" does
 * @returns {Promise<object>} the finished execution (see readExecutions; nodeOutput() reads it)
 */
async function executeManually(server, workflowId, options = {}) {
  const headers = await restSession(server);
  let res = await fetch(`${server.url}/rest/workflows/${encodeURIComponent(workflowId)}`, { headers });
  if (res.status !== 200) throw new Error(`GET workflow ${workflowId}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  const workflowData = (await res.json()).data;
  const body = { workflowData };
  if (options.triggerNode) body.triggerToStartFrom = { name: options.triggerNode };
  if (options.destinationNode) body.destinationNode = { nodeName: options.destinationNode, mode: 'inclusive' };
  res = await fetch(`${server.url}/rest/workflows/${encodeURIComponent(workflowId)}/run`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let executionId;
  try {
    executionId = JSON.parse(text).data.executionId;
  } catch {
    /* reported below */
  }
  if (res.status !== 200 || !executionId) throw new Error(`manual run of ${workflowId}: HTTP ${res.status} ${text.slice(0, 500)}`);
  const deadline = Date.now() + (options.timeoutMs || DEFAULT_TIMEOUT_MS);
  for (;;) {
    const execution = (await readExecutions(server.userFolder, { workflowId })).find((e) => e.id === String(executionId));
    if (execution && execution.stoppedAt && !['new', 'running', 'waiting'].includes(execution.status)) return execution;
    if (Date.now() > deadline) throw new Error(`manual execution ${executionId} of ${workflowId} did not finish in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

module.exports = {
  ensureN8n,
  makeUserFolder,
  n8nEnv,
  runN8n,
  importCredentials,
  importWorkflows,
  executeWorkflow,
  nodeOutput,
  startN8n,
  publishWorkflow,
  readExecutions,
  readStaticData,
  pollWorkflowOnce,
  executeManually,
  restSession,
  freePort,
  makeId,
  parseLogs,
  TYPES,
  ENCRYPTION_KEY,
  DEFAULT_EXTENSIONS_DIR,
};

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (args[0] !== 'start') {
    process.stderr.write('usage: node scripts/n8n/run.js start [--port N] [--user-folder DIR] [--extensions DIR]\n');
    process.exit(2);
  }
  const userFolder = makeUserFolder(flag('--user-folder') || path.join(os.homedir(), '.cache', 'n8n-nodes-whatconverts', 'user-folder'));
  const options = { port: Number(flag('--port')) || 5678, customExtensions: flag('--extensions') || DEFAULT_EXTENSIONS_DIR };
  startN8n(userFolder, options).then(
    (srv) => {
      process.stdout.write(`n8n is up at ${srv.url} (user folder ${userFolder}); Ctrl-C stops it\n`);
      const shutdown = () => srv.stop().then(() => process.exit(0));
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      srv.process.on('close', (code) => process.exit(code || 0));
    },
    (e) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    },
  );
}
