// `npm run lint`'s description step (scripts/lint-descriptions.mjs): n8n's own node rules run over the
// descriptions as n8n loads them, so a parameter that breaks one fails the lint whether it is written
// as a literal or made by one of the package's builders (which `n8n-node lint` on the source never sees).
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const root = path.resolve(__dirname, '..');
const script = path.join(root, 'scripts', 'lint-descriptions.mjs');
const builders = path.join(root, 'dist', 'nodes', 'WhatConverts', 'parameters', 'builders.js');
const types = path.join(root, 'dist', 'nodes', 'WhatConverts', 'parameters', 'types.js');

const UNSORTED = 'n8n-nodes-base/node-param-collection-type-unsorted-items';
const MISCASED = 'n8n-nodes-base/node-param-display-name-miscased';

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-descriptions-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A built node class (CommonJS, as tsc emits it) whose properties are `properties` (JavaScript source). */
function builtNode(className: string, properties: string): string {
	const file = path.join(dir, `${className}.node.js`);
	fs.writeFileSync(
		file,
		`'use strict';
const { textField } = require(${JSON.stringify(builders)});
const { group } = require(${JSON.stringify(types)});
class ${className} {
	constructor() {
		this.description = {
			displayName: 'Lint Probe',
			name: 'lintProbe',
			icon: { light: 'file:probe.svg', dark: 'file:probe.dark.svg' },
			group: ['transform'],
			version: 1,
			subtitle: '={{$parameter["operation"]}}',
			description: 'Probes the lint',
			defaults: { name: 'Lint Probe' },
			usableAsTool: true,
			inputs: ['main'],
			outputs: ['main'],
			properties: ${properties},
		};
	}
}
exports.${className} = ${className};
`,
	);
	return file;
}

/** The lint step on built node files: its exit status and the rules it reported. */
function lint(...files: string[]): { status: number | null; rules: string[]; output: string } {
	const run = spawnSync(process.execPath, [script, '--node', ...files], { cwd: root, encoding: 'utf8' });
	const output = `${run.stdout}${run.stderr}`;
	const rules = [...output.matchAll(/\s((?:n8n-nodes-base|@n8n\/community-nodes|@typescript-eslint)\/[\w-]+)\s*$/gm)].map((m) => m[1]);
	return { status: run.status, rules, output };
}

// the rule sorts collections of five options or more
const UNSORTED_NAMES = ['Zone', 'Area', 'City', 'Region', 'Street'];
const literalUnsorted = `[{
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [${UNSORTED_NAMES.map((n) => `{ displayName: '${n}', name: '${n.toLowerCase()}', type: 'string', default: '' }`).join(', ')}],
}]`;
const builtUnsorted = `[group({ displayName: 'Options', name: 'options', placeholder: 'Add Option' }, [${UNSORTED_NAMES.map((n) => `textField('${n}', '${n.toLowerCase()}')`).join(', ')}]).property]`;
const literalMiscased = `[{ displayName: 'lead source', name: 'leadSource', type: 'string', default: '' }]`;
const builtMiscased = `[textField('lead source', 'leadSource').property]`;

test.each([
	['collection options out of order, written literally', literalUnsorted, UNSORTED],
	['collection options out of order, made by the builders', builtUnsorted, UNSORTED],
	['a display name not in Title Case, written literally', literalMiscased, MISCASED],
	['a display name not in Title Case, made by a builder', builtMiscased, MISCASED],
])('%s fails the lint', (what, properties, rule) => {
	const { status, rules, output } = lint(builtNode('LintProbe', properties));
	expect({ status, rules }).toEqual({ status: 1, rules: [rule] });
	expect(output).toContain('LintProbe.node.ts');
});

test('the same parameters in order and in Title Case pass it', () => {
	const sorted = `[group({ displayName: 'Options', name: 'options', placeholder: 'Add Option' }, [${[...UNSORTED_NAMES]
		.sort()
		.map((n) => `textField('${n}', '${n.toLowerCase()}')`)
		.join(', ')}]).property, textField('Lead Source', 'leadSource').property]`;
	const { status, rules, output } = lint(builtNode('LintProbe', sorted));
	expect({ status, rules }).toEqual({ status: 0, rules: [] });
	expect(output).toContain("n8n's lint rules pass on 1 descriptions");
});

/** The ids of the rules n8n-node lint's config (`@n8n/node-cli/eslint`) reports on a source file. */
function lintSource(relative: string, source: string): string[] {
	const file = path.join(dir, relative);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, source);
	const code = `
const { ESLint } = require('eslint');
const { config } = require('@n8n/node-cli/eslint');
new ESLint({ cwd: ${JSON.stringify(dir)}, overrideConfigFile: true, overrideConfig: config })
	.lintFiles([${JSON.stringify(file)}])
	.then(([r]) => console.log(JSON.stringify(r.messages.map((m) => m.ruleId))));`;
	const env = { ...process.env };
	delete env.NODE_ENV; // as n8n-node lint runs it (eslint-plugin-n8n-nodes-base reads it)
	const run = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', env });
	if (run.status !== 0) throw new Error(run.stderr);
	return JSON.parse(run.stdout) as string[];
}

test("n8n-node lint's config on a source file does not see a builder's parameter: why the step exists", () => {
	const source = (properties: string) => `import { textField } from './builders';

export class LintProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lint Probe',
		name: 'lintProbe',
		icon: 'file:probe.svg',
		group: ['transform'],
		version: 1,
		description: 'Probes the lint',
		defaults: { name: 'Lint Probe' },
		inputs: [],
		outputs: [],
		properties: ${properties},
	};
}
`;
	expect(lintSource('nodes/LintProbe/LintProbe.node.ts', source(builtMiscased))).not.toContain(MISCASED);
	// while the same parameter written literally is seen
	expect(lintSource('nodes/LintProbe/LintProbe.node.ts', source(literalMiscased))).toContain(MISCASED);
});

test("the package's own nodes and credential pass it (what npm run lint runs)", () => {
	const run = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
	expect({ status: run.status, output: run.stdout }).toEqual({
		status: 0,
		output: "n8n's lint rules pass on 4 descriptions as n8n loads them\n",
	});
});

test('npm run lint runs the step after n8n-node lint, so npm test fails on what it finds', () => {
	const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
	expect(scripts.lint).toMatch(/n8n-node lint && node scripts\/lint-descriptions\.mjs &&/);
	expect(scripts.test).toMatch(/npm run build && npm run lint && /);
});
