/**
 * Before the end-to-end tests: the n8n under test is installed, and the built package is packed
 * once (`npm pack`, what npm would publish); each test's user folder installs that tarball.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// plain CommonJS, shared with `npm start`
const { ensureN8n, resolveVersion } = require('../../scripts/n8n/install');

export default async function globalSetup(): Promise<void> {
	await ensureN8n({ version: resolveVersion() });
	const repo = path.resolve(__dirname, '..', '..');
	if (!fs.existsSync(path.join(repo, 'dist', 'nodes'))) throw new Error('dist/ is missing: `npm run test:e2e` builds the package first');
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'whatconverts-pack-'));
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', folder], { cwd: repo }).toString().trim().split('\n').pop()!;
	process.env.E2E_PACKAGE_TARBALL = path.join(folder, name);
}
