// CONTRIBUTING.md's record of n8n's lint rules ("n8n's lint rules") against the rules the installed
// plugins ship and the severities n8n's config (@n8n/node-cli's, which `n8n-node lint` and
// scripts/lint-descriptions.mjs run) gives them: the record cannot name a rule no published version
// has, leave one out, or call a rule a warning or off when it is not.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { read, ROOT } from './harness/verification';

/**
 * What the installed packages say, read in a child process: the plugins are ES modules, which jest's
 * CommonJS runtime cannot load, and eslint-plugin-n8n-nodes-base changes its rules under NODE_ENV=test.
 */
const READ = `
const fs = require('fs');
const path = require('path');
const cli = path.join(process.cwd(), 'node_modules', '@n8n', 'node-cli');
const from = (id) => require(require.resolve(id, { paths: [cli] }));
const versionOf = (name) => {
	let dir = path.dirname(require.resolve(name, { paths: [cli] }));
	for (;;) {
		const file = path.join(dir, 'package.json');
		if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).name === name) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
		dir = path.dirname(dir);
	}
};
const severities = {};
for (const entry of from('@n8n/node-cli/eslint').config)
	for (const [rule, setting] of Object.entries(entry.rules || {})) {
		const level = Array.isArray(setting) ? setting[0] : setting;
		severities[rule] = { 0: 'off', 1: 'warn', 2: 'error' }[level] || String(level);
	}
console.log(JSON.stringify({
	community: Object.keys(from('@n8n/eslint-plugin-community-nodes').n8nCommunityNodesPlugin.rules),
	base: Object.keys(from('eslint-plugin-n8n-nodes-base').rules),
	severities,
	versions: {
		'@n8n/node-cli': JSON.parse(fs.readFileSync(path.join(cli, 'package.json'), 'utf8')).version,
		'@n8n/eslint-plugin-community-nodes': versionOf('@n8n/eslint-plugin-community-nodes'),
		'eslint-plugin-n8n-nodes-base': versionOf('eslint-plugin-n8n-nodes-base'),
	},
}));`;
const env = { ...process.env };
delete env.NODE_ENV;
const installed = JSON.parse(execFileSync(process.execPath, ['-e', READ], { cwd: ROOT, env, encoding: 'utf8' })) as {
	community: string[];
	base: string[];
	severities: Record<string, string>;
	versions: Record<string, string>;
};
const { severities } = installed;
const shipped: Record<string, string> = {
	...Object.fromEntries(installed.community.map((rule) => [rule, `@n8n/community-nodes/${rule}`])),
	...Object.fromEntries(installed.base.map((rule) => [rule, `n8n-nodes-base/${rule}`])),
};

/** The table rows of CONTRIBUTING.md's "n8n's lint rules": the rule names of the first cell, and the second cell. */
const section = read('CONTRIBUTING.md').split("### n8n's lint rules")[1].split('\n### ')[0];
const rows = section
	.split('\n')
	.filter((line) => line.startsWith('| `'))
	.map((line) => {
		const [, rules, met] = line.split('|').map((cell) => cell.trim());
		return { rules: [...rules.matchAll(/`([^`]+)`/g)].map((m) => m[1]), met };
	});
const recorded = rows.flatMap((row) => row.rules);

it('names the plugin versions installed, which @n8n/node-cli pins', () => {
	expect(JSON.parse(read('package.json')).devDependencies['@n8n/node-cli']).toBe(installed.versions['@n8n/node-cli']);
	for (const [name, version] of Object.entries(installed.versions)) expect(section).toContain(`\`${name}\` ${version}`);
});

it('lists every rule the installed plugins ship, once, and no other', () => {
	expect(Object.keys(shipped).length).toBeGreaterThan(150);
	expect(recorded.filter((rule, i) => recorded.indexOf(rule) !== i)).toEqual([]);
	expect(Object.keys(shipped).filter((rule) => !recorded.includes(rule))).toEqual([]);
	expect(recorded.filter((rule) => !(rule in shipped))).toEqual([]);
});

it("says which rules are warnings, off or left out of n8n's config, as that config has them", () => {
	const wrong = rows.flatMap(({ rules, met }) =>
		rules.flatMap((rule) => {
			const severity = severities[shipped[rule]] ?? 'not configured';
			const says = /a warning/.test(met)
				? 'warn'
				: /off in n8n's config/.test(met)
					? 'off'
					: /not in the recommended config/.test(met)
						? 'not configured'
						: 'error';
			return says === severity ? [] : [`${rule}: n8n's config has ${severity}, the record says ${says}`];
		}),
	);
	expect(wrong).toEqual([]);
});

it('points to files of the repository only', () => {
	const named = [...section.matchAll(/\b((?:test|scripts)\/[\w./-]+\.(?:ts|mjs|js))\b/g)].map((m) => m[1]);
	expect(named.length).toBeGreaterThan(0);
	expect(named.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
});
