// The package's main (index.js): the classes n8n loads, for code that embeds the nodes.
import path from 'path';

import { loadPackage, PACKAGE_DIR } from './harness/n8n';

const manifest = require(path.join(PACKAGE_DIR, 'package.json')) as {
	main: string;
	files: string[];
	n8n: { nodes: string[]; credentials: string[] };
};

describe("the package's main", () => {
	it('is index.js, shipped in the tarball', () => {
		expect(manifest.main).toBe('index.js');
		expect(manifest.files).toContain('index.js');
	});

	it('exports every node and credential class n8n loads, and nothing else', async () => {
		const main = require(path.join(PACKAGE_DIR, manifest.main)) as Record<string, new () => object>;
		const files = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		const exported = files.flatMap((file) => Object.entries(require(path.join(PACKAGE_DIR, file)) as Record<string, unknown>));
		const classes = Object.fromEntries(exported.filter(([, value]) => typeof value === 'function'));
		expect(Object.keys(main).sort()).toEqual(Object.keys(classes).sort());
		for (const [name, type] of Object.entries(classes)) expect(main[name]).toBe(type);

		const { loader } = await loadPackage();
		const loaded = [...Object.values(loader.nodeTypes), ...Object.values(loader.credentialTypes)].map(({ type }) => type.constructor.name);
		expect(loaded.sort()).toEqual(Object.keys(main).sort());
		expect(new main.WhatConverts()).toMatchObject({ description: { name: 'whatConverts' } });
		expect(new main.WhatConvertsApi()).toMatchObject({ name: 'whatConvertsApi' });
	});
});
