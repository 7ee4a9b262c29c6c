// Runs the lint of n8n's community-package scanner (@n8n/scan-community-package) the way it
// judges a published package: on the source (package.json, nodes/, credentials/) and on the
// tarball `npm pack` would publish (compiled .js and package.json). Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(import.meta.dirname, '..');
if (!existsSync(path.join(root, 'dist', 'nodes'))) {
	console.error('scan-package: dist/ is missing; run `npm run build` first');
	process.exit(1);
}
const work = mkdtempSync(path.join(tmpdir(), 'whatconverts-scan-'));
try {
	const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root }).toString().trim().split('\n').pop();
	const unpacked = path.join(work, 'package');
	execFileSync('tar', ['-xzf', path.join(work, packed), '-C', work]);

	const results = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		['npm pack tarball', await analyzePackage(unpacked, ['**/*.js', 'package.json'])],
	];
	let failed = false;
	for (const [what, result] of results) {
		console.log(`n8n community-package scan of the ${what}: ${result.passed ? 'passed' : 'FAILED'}`);
		if (!result.passed) {
			failed = true;
			console.log(result.message ?? '', result.details ?? '');
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
