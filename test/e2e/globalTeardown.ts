import fs from 'node:fs';
import path from 'node:path';

export default async function globalTeardown(): Promise<void> {
	const tarball = process.env.E2E_PACKAGE_TARBALL;
	if (tarball) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
}
