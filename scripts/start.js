'use strict';
/*
 * `npm start`: a real n8n with this package loaded, a WhatConverts sandbox, a credential and the
 * example workflows, for a person to click through. Ctrl-C stops everything it started.
 *
 * `npm start` builds the package (dist/) and the sandbox (build/sandbox/, the test server compiled
 * by tsconfig.sandbox.json) first, then runs this file. n8n finds the package where it keeps
 * community packages (user-folder/.n8n/nodes/node_modules/n8n-nodes-whatconverts, a link to this
 * repository: dist/ as built), so the nodes have the types users have and the examples import as
 * shipped, into an n8n left at its defaults otherwise (file access included). Everything it keeps
 * lives in the cache folder (default ~/.cache/n8n-nodes-whatconverts/, or $N8N_CACHE_ROOT):
 *   n8n-<version>/     the pinned n8n and, when this machine's Node does not fit it, the Node.js it
 *                      runs on (scripts/n8n/install.js)
 *   user-folder/       n8n's database and settings (N8N_USER_FOLDER), kept between runs
 *   owner.json         the local owner account's email and password (made on first run)
 *   n8n.log            n8n's log of the last run
 * What it prints ends with the command that starts each example waiting for a request.
 *
 * Environment:
 *   PORT                          n8n's port (default 5678)
 *   WHATCONVERTS_API_TOKEN        with WHATCONVERTS_API_SECRET: the credential points at the real
 *   WHATCONVERTS_API_SECRET       API (or WHATCONVERTS_BASE_URL) and no sandbox is started
 *   WHATCONVERTS_SANDBOX_PORT     the sandbox's port (default 8899; a free one if it is taken)
 * Flags: --reset-examples re-imports the example workflows over the stored ones.
 */

const fs = require('fs');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const { ensureN8n, checkMachine, cacheRoot, DEFAULT_VERSION } = require('./n8n/install');
const n8n = require('./n8n/run');
const { loadExamples, requestsFor, addYesterdaysLeads, EXAMPLE_CREDENTIAL } = require('./examples');

const REPO = path.resolve(__dirname, '..');
const VERSION = DEFAULT_VERSION;
const ROOT = cacheRoot();
const USER_FOLDER = path.join(ROOT, 'user-folder');
const PACKAGE_LINK = path.join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-whatconverts');
const LOG_FILE = path.join(ROOT, 'n8n.log');
const OWNER_FILE = path.join(ROOT, 'owner.json');
const STATE_FILE = path.join(USER_FOLDER, 'whatconverts-start.json');
const SANDBOX_MODULE = path.join(REPO, 'build', 'sandbox', 'index.js');
const REAL_API_URL = 'https://app.whatconverts.com/api/v1';
/** The sandbox gets a new lead this often, so the WhatConverts Trigger has something to find. */
const NEW_LEAD_EVERY_MS = 60_000;
/** The first install, as measured on a busy 2-core Linux machine (README.md, "Try it"). */
const FIRST_INSTALL = '8 to 16 minutes and 3 GB';

const say = (line = '') => process.stdout.write(`${line}\n`);
const fail = (message) => {
	process.stderr.write(`\nnpm start: ${message}\n`);
	process.exit(1);
};

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

function readJson(file, fallback) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return fallback;
	}
}

function writeJson(file, value, mode = 0o600) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode });
}

const sha256 = (value) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The local owner account: made once (random password), created in n8n from the environment on every start. */
function ownerAccount(n8nBin) {
	let owner = readJson(OWNER_FILE, undefined);
	if (!owner || !owner.email || !owner.password) {
		const random = crypto
			.randomBytes(12)
			.toString('base64url')
			.replace(/[^A-Za-z0-9]/g, '');
		owner = { email: 'owner@example.com', password: `Wc-${random.slice(0, 12)}7` };
		writeJson(OWNER_FILE, owner);
	}
	// n8n takes a bcrypt hash; its own bcryptjs makes one.
	const bcrypt = require(require.resolve('bcryptjs', { paths: [path.dirname(path.dirname(n8nBin))] }));
	const env = {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Local',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
	};
	return { owner, env };
}

/** The package as an installed community package: a link from n8n's nodes folder to this repository. */
function linkPackage() {
	fs.mkdirSync(path.dirname(PACKAGE_LINK), { recursive: true });
	const current = fs.lstatSync(PACKAGE_LINK, { throwIfNoEntry: false });
	if (current && current.isSymbolicLink() && fs.readlinkSync(PACKAGE_LINK) === REPO) return;
	fs.rmSync(PACKAGE_LINK, { recursive: true, force: true });
	fs.symlinkSync(REPO, PACKAGE_LINK, 'dir');
}

async function startSandbox() {
	if (!fs.existsSync(SANDBOX_MODULE)) fail(`${SANDBOX_MODULE} is missing: run \`npm start\` (it builds the sandbox first).`);
	const { WhatConvertsServer } = require(SANDBOX_MODULE);
	const server = new WhatConvertsServer({ seed: 'demo' });
	const yesterday = addYesterdaysLeads(server);
	const wanted = Number(process.env.WHATCONVERTS_SANDBOX_PORT) || 8899;
	try {
		await server.start(wanted);
	} catch (e) {
		if (e.code !== 'EADDRINUSE') throw e;
		say(`  port ${wanted} is taken; the sandbox takes a free one`);
		await server.start(0);
	}
	const types = ['phone_call', 'web_form', 'chat', 'phone_call', 'email', 'text_message'];
	let n = 0;
	const timer = setInterval(() => {
		const profile = server.data.profiles[n % server.data.profiles.length];
		server.addLead({ lead_type: types[n % types.length], profile_id: profile && profile.profile_id });
		n++;
	}, NEW_LEAD_EVERY_MS);
	return {
		server,
		yesterday,
		stop: () => {
			clearInterval(timer);
			return server.stop();
		},
	};
}

async function main() {
	const args = process.argv.slice(2);
	const port = Number(process.env.PORT) || 5678;
	const token = process.env.WHATCONVERTS_API_TOKEN;
	const secret = process.env.WHATCONVERTS_API_SECRET;
	if (Boolean(token) !== Boolean(secret))
		fail('set both WHATCONVERTS_API_TOKEN and WHATCONVERTS_API_SECRET, or neither (for the sandbox).');
	const realApi = Boolean(token && secret);
	try {
		checkMachine(VERSION);
	} catch (e) {
		fail(e.message);
	}
	if (!fs.existsSync(path.join(REPO, 'dist', 'nodes', 'WhatConverts', 'WhatConverts.node.js')))
		fail('dist/ is missing: run `npm start` (it builds the package first).');
	if (!(await portFree(port)))
		fail(`port ${port} on 127.0.0.1 is in use (another n8n?). Stop it, or choose another port: PORT=5679 npm start`);

	let sandbox;
	let n8nServer;
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) process.exit(code);
		stopping = true;
		say(`\nStopping n8n${sandbox ? ' and the sandbox' : ''}...`);
		await Promise.allSettled([n8nServer && n8nServer.stop(), sandbox && sandbox.stop()]);
		say('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));

	// 1. The WhatConverts API the credential points at (the examples use the credential of this id).
	let credential;
	if (realApi) {
		const baseUrl = process.env.WHATCONVERTS_BASE_URL || REAL_API_URL;
		say(`WhatConverts: the API at ${baseUrl} (WHATCONVERTS_API_TOKEN and WHATCONVERTS_API_SECRET are set; no sandbox)`);
		credential = {
			id: EXAMPLE_CREDENTIAL.id,
			name: 'WhatConverts API',
			type: 'whatConvertsApi',
			data: { apiToken: token, apiSecret: secret, baseUrl },
		};
	} else {
		say('Starting the WhatConverts sandbox (demo data)...');
		sandbox = await startSandbox();
		const { master } = sandbox.server.keys;
		credential = {
			id: EXAMPLE_CREDENTIAL.id,
			name: 'WhatConverts sandbox',
			type: 'whatConvertsApi',
			data: { apiToken: master.token, apiSecret: master.secret, baseUrl: sandbox.server.baseUrl },
		};
	}

	// 2. n8n itself: installed once into the cache folder, reused afterwards.
	let installing = false;
	const install = await ensureN8n({
		version: VERSION,
		onProgress: (line) => {
			if (!installing) say(`Installing n8n ${VERSION} (first run only: about ${FIRST_INSTALL}; later starts reuse it)`);
			installing = true;
			say(`  [n8n install] ${line}`);
		},
	});

	// 3. The user folder: the package, the credential and the examples, imported as shipped, once
	// (--reset-examples imports them again over your edits).
	const uf = n8n.makeUserFolder(USER_FOLDER);
	linkPackage();
	const state = readJson(STATE_FILE, {});
	const credentialPrint = sha256(credential);
	if (state.credential !== credentialPrint) {
		say(`Setting up the credential "${credential.name}"...`);
		await n8n.importCredentials(uf, [credential], { version: VERSION });
		state.credential = credentialPrint;
		writeJson(STATE_FILE, state);
	}
	const examples = loadExamples();
	const reset = args.includes('--reset-examples');
	// id -> fingerprint of the shipped workflow it was imported from (older starts kept only the ids)
	const kept = Array.isArray(state.examples) ? Object.fromEntries(state.examples.map((id) => [id, 'unknown'])) : state.examples;
	const imported = reset ? {} : kept || {};
	const toImport = examples.filter((e) => !(e.workflow.id in imported));
	if (toImport.length) {
		say(`Importing ${toImport.length} example workflow(s)...`);
		await n8n.importWorkflows(
			uf,
			toImport.map((e) => e.workflow),
			{ version: VERSION },
		);
		for (const e of toImport) imported[e.workflow.id] = sha256(e.workflow);
		state.examples = imported;
		writeJson(STATE_FILE, state);
	}
	const changed = examples.filter((e) => imported[e.workflow.id] !== sha256(e.workflow));

	// 4. n8n, with the owner account made from the environment (no sign-up screen).
	const { owner, env: ownerEnv } = ownerAccount(install.n8nBin);
	say(`Starting n8n on http://127.0.0.1:${port} ...`);
	n8nServer = await n8n.startN8n(uf, { version: VERSION, port, env: ownerEnv });
	const log = fs.createWriteStream(LOG_FILE);
	log.write(n8nServer.output());
	n8nServer.process.stdout.on('data', (chunk) => log.write(chunk));
	n8nServer.process.stderr.on('data', (chunk) => log.write(chunk));
	n8nServer.process.on('close', (code, signal) => {
		if (stopping) return;
		process.stderr.write(`\nn8n stopped by itself (${signal || `exit code ${code}`}); its log: ${LOG_FILE}\n`);
		stopAll(1);
	});

	const baseUrl = `http://127.0.0.1:${port}`;
	const names = Object.fromEntries(examples.map((e) => [e.workflow.id, e.workflow.name]));
	// after sign-in n8n 2.x would open its AI assistant page; this lands on the workflows list
	const workflowsUrl = `${baseUrl}/signin?redirect=${encodeURIComponent('/home/workflows')}`;
	const count = (n) => n.toLocaleString('en-US');
	say('');
	say(`n8n ${VERSION} is running on ${install.nodeName}, with n8n-nodes-whatconverts from ${path.join(REPO, 'dist')}`);
	say('');
	say(`  Open:      ${workflowsUrl}`);
	say(`  Sign in:   ${owner.email} / ${owner.password}   (a local owner account, made for you; kept in ${OWNER_FILE})`);
	say('             then you are on the workflows list, with the example workflows');
	let leadId;
	if (sandbox) {
		const { server } = sandbox;
		const { master, profile } = server.keys;
		say(
			`  Sandbox:   ${server.baseUrl}   (WhatConverts stand-in: ${server.data.accounts.length} accounts, ${server.data.profiles.length} profiles, ${count(server.data.leads.length)} leads of every type, ${count(sandbox.yesterday)} of them yesterday; call recordings; a new lead every minute)`,
		);
		say(`             master key ${master.token} / ${master.secret}, profile key ${profile.token} / ${profile.secret}`);
		say(`  Credential "${credential.name}" (the sandbox's master key) is set up; the examples use it.`);
		leadId = server.data.leads.find((lead) => !lead.spam && !lead.duplicate).lead_id;
	} else {
		say(
			`  Credential "${credential.name}" points at ${credential.data.baseUrl}; the examples use it (they read and change your real data when run).`,
		);
		leadId = 12345678;
	}
	say(`  n8n's log: ${LOG_FILE}. Ctrl-C stops n8n${sandbox ? ' and the sandbox' : ''}.`);
	if (changed.length) {
		say(`  Changed in this repository since you imported them: ${changed.map((e) => `"${e.workflow.name}"`).join(', ')}.`);
		say('  `npm start -- --reset-examples` imports every example again, over your edits.');
	}
	say('');
	say('Try first:');
	say(`  1. Open "${names.wcExNightReport}" and click Execute workflow:`);
	say(
		`     every lead of yesterday${sandbox ? ` (${count(sandbox.yesterday)})` : ''}, read page by page (2,500 a page), counted by source.`,
	);
	say(`  2. Open "${names.wcExLeadHubspot}", open the trigger and click Fetch Test Event: the newest lead.`);
	say(`  3. Open "${names.wcExRecordings}" and click Execute workflow: the last 7 days' recorded calls, in one ZIP.`);
	say('  4. In a new workflow, add the WhatConverts node (search "WhatConverts"): Lead → Get Many with Return All.');
	say('');
	say('The examples that wait for a request, from another terminal:');
	// the webhooks first, the MCP server last
	const requests = examples.flatMap(({ workflow }) => requestsFor(workflow, baseUrl, { leadId }).map((request) => ({ workflow, request })));
	requests.sort((a, b) => Number(a.request.kind === 'mcp') - Number(b.request.kind === 'mcp'));
	for (const { workflow, request } of requests) {
		if (request.kind === 'webhook') {
			// a master key creates a lead only in a profile the node names
			const creates = workflow.nodes.find((node) => node.parameters.operation === 'findOrCreate');
			const pick = sandbox && creates ? `, pick a Profile in "${creates.name}" (the sandbox's key is an agency key)` : '';
			say(`  "${workflow.name}": open it${pick}, click Execute workflow, then`);
			say(`    ${request.curl(request.testUrl)}`);
			say('    Published (Publish in the editor), it answers at its production URL:');
			say(`    ${request.curl(request.productionUrl)}`);
		} else {
			say(`  "${workflow.name}": click Publish in it, then point an MCP client (streamable HTTP) at`);
			say(`    ${request.url}`);
		}
	}
	if (!sandbox) say(`  (${leadId} stands for one of your lead ids: that command changes the lead's sales value.)`);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
