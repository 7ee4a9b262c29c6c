// `npm start`'s n8n installer (scripts/n8n/install.js) installs n8n and Node.js with the user's npm
// configuration: its npm step, run against a registry stand-in on loopback (an HTTP server that
// records each request and serves one small package), reaches the registry, the proxy and the cache
// that npm's settings name, and not the enclosing `npm run`'s prefixes or this package's variables.
// The package is a made-up one of a few bytes: the real n8n is never installed here.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// plain CommonJS: it runs before `npm ci`
const install: {
	npmInstall(options: { prefix: string; spec: string; log: string; base: Record<string, string | undefined> }): Promise<string>;
	npmEnv(base: Record<string, string | undefined>): Record<string, string>;
	cleanEnv(base: Record<string, string | undefined>): Record<string, string>;
} = require('../scripts/n8n/install');

const NAME = 'whatconverts-registry-probe';
const VERSION = '1.0.0';

let dir: string;
let tarball: Buffer;
let server: http.Server;
let base: string;
/** Every request the stand-in received: the request line's target (a proxy receives absolute URLs) and its Host. */
const requests: Array<{ url: string; host?: string }> = [];

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-config-'));
	const source = path.join(dir, 'source', 'package');
	fs.mkdirSync(source, { recursive: true });
	fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify({ name: NAME, version: VERSION, main: 'index.js' }));
	fs.writeFileSync(path.join(source, 'index.js'), 'module.exports = 42;\n');
	execFileSync('tar', ['-czf', path.join(dir, 'probe.tgz'), '-C', path.join(dir, 'source'), 'package']);
	tarball = fs.readFileSync(path.join(dir, 'probe.tgz'));

	server = http.createServer((req, res) => {
		requests.push({ url: req.url ?? '', host: req.headers.host });
		// a registry answers /<name>; as a proxy it is asked for http://<registry>/<name>
		const { pathname } = new URL(req.url ?? '/', 'http://stand-in');
		if (pathname === `/${NAME}`) {
			const integrity = `sha512-${crypto.createHash('sha512').update(tarball).digest('base64')}`;
			const shasum = crypto.createHash('sha1').update(tarball).digest('hex');
			const origin = /^http:\/\//.test(req.url ?? '') ? new URL(req.url ?? '').origin : base;
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					name: NAME,
					'dist-tags': { latest: VERSION },
					versions: {
						[VERSION]: {
							name: NAME,
							version: VERSION,
							main: 'index.js',
							dist: { tarball: `${origin}/${NAME}/-/${NAME}-${VERSION}.tgz`, integrity, shasum },
						},
					},
				}),
			);
		} else if (pathname === `/${NAME}/-/${NAME}-${VERSION}.tgz`) {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			res.end(tarball);
		} else {
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end('{"error":"not found"}');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
	requests.length = 0;
});

/** What an enclosing `npm start` of this repository puts in the environment besides the user's settings. */
const enclosingNpm = (repo: string) => ({
	npm_config_local_prefix: repo,
	npm_config_prefix: repo,
	npm_config_global_prefix: repo,
	npm_config_ignore_scripts: 'true',
	npm_config_npm_version: '11.0.0',
	npm_package_name: 'n8n-nodes-whatconverts',
	npm_package_json: path.join(repo, 'package.json'),
	npm_lifecycle_event: 'start',
	npm_command: 'run-script',
	NODE_OPTIONS: '--max-old-space-size=64',
});

/** `process.env` without any npm setting of this machine or of jest's own `npm test`. */
const machineEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

async function installWith(settings: Record<string, string>, name: string) {
	const prefix = path.join(dir, name, 'prefix');
	const log = path.join(dir, name, 'install.log');
	fs.mkdirSync(path.dirname(prefix), { recursive: true });
	const repo = path.join(dir, name, 'repository');
	fs.mkdirSync(repo);
	await install.npmInstall({ prefix, spec: `${NAME}@${VERSION}`, log, base: { ...machineEnv(), ...enclosingNpm(repo), ...settings } });
	return { prefix, log, repo };
}

const installed = (prefix: string) => JSON.parse(fs.readFileSync(path.join(prefix, 'node_modules', NAME, 'package.json'), 'utf8')).version;

it("installs through the registry and into the cache that npm's configuration names", async () => {
	const cache = path.join(dir, 'cache');
	const userconfig = path.join(dir, 'empty.npmrc');
	fs.writeFileSync(userconfig, '');
	const { prefix, log, repo } = await installWith(
		{ npm_config_registry: `${base}/`, npm_config_cache: cache, npm_config_userconfig: userconfig },
		'registry',
	);
	expect(installed(prefix)).toBe(VERSION);
	expect(requests.map((r) => r.url)).toEqual([`/${NAME}`, `/${NAME}/-/${NAME}-${VERSION}.tgz`]);
	// npm's cache where the setting says (~/.npm untouched by this install), nothing in the enclosing run's prefix
	expect(fs.readdirSync(cache)).toContain('_cacache');
	expect(fs.readdirSync(repo)).toEqual([]);
	expect(fs.readFileSync(log, 'utf8')).not.toMatch(/Unknown env config/);
});

it("sends the registry's requests through the proxy that npm's configuration names", async () => {
	// a registry that does not exist: only the proxy (the stand-in, answering absolute URLs) can reach it
	const { prefix } = await installWith(
		{
			npm_config_registry: 'http://registry.whatconverts-probe.invalid/',
			npm_config_proxy: base,
			npm_config_cache: path.join(dir, 'proxy-cache'),
		},
		'proxy',
	);
	expect(installed(prefix)).toBe(VERSION);
	expect(requests.map((r) => [r.url, r.host])).toEqual([
		[`http://registry.whatconverts-probe.invalid/${NAME}`, 'registry.whatconverts-probe.invalid'],
		[`http://registry.whatconverts-probe.invalid/${NAME}/-/${NAME}-${VERSION}.tgz`, 'registry.whatconverts-probe.invalid'],
	]);
});

it("keeps npm's settings (a CA file, a scoped registry, a registry token) and leaves out the enclosing run's", () => {
	const settings = {
		npm_config_registry: `${base}/`,
		npm_config_cafile: '/etc/company/ca.pem',
		npm_config_https_proxy: 'http://proxy.example:3128',
		npm_config_noproxy: 'localhost',
		'npm_config_@whatconverts:registry': `${base}/scoped/`,
		'npm_config_//127.0.0.1/:_authToken': 'token',
		npm_config_cache: '/var/cache/npm',
	};
	const env = install.npmEnv({ PATH: '/usr/bin', ...enclosingNpm('/repo'), ...settings });
	expect(env).toEqual({ PATH: '/usr/bin', ...settings });
	// n8n itself runs with none of npm's variables
	expect(install.cleanEnv({ PATH: '/usr/bin', ...enclosingNpm('/repo'), ...settings })).toEqual({ PATH: '/usr/bin' });
});
