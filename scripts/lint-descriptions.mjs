/*
 * n8n's node and credential lint rules, run over the descriptions as n8n loads them.
 *
 * `n8n-node lint` runs eslint-plugin-n8n-nodes-base's node and credential rules and
 * @n8n/eslint-plugin-community-nodes' rules, but they read a parameter only where it is written as an
 * object literal: the parameters this package makes with builder functions are never seen. So this
 * loads each node and credential class that package.json's `n8n` block lists from dist/, writes its
 * description out as a literal TypeScript module (nodes/<Name>.node.ts, credentials/<Name>.credentials.ts,
 * a class with a `description` or the credential's fields, as those rules expect), and runs the same
 * config `n8n-node lint` uses (`@n8n/node-cli/eslint`) over them. It fails on what that config fails.
 *
 *   node scripts/lint-descriptions.mjs                       # the package (npm run lint; needs npm run build)
 *   node scripts/lint-descriptions.mjs --node <file.js> ...  # other built node classes (the tests)
 *
 * Rules about files rather than descriptions are left to `n8n-node lint` on the source (FILE_RULES).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
// eslint-plugin-n8n-nodes-base takes every file for a node, credential and trigger file at once when
// NODE_ENV is "test" (its own tests): under jest its node rules would then contradict each other.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
const { ESLint } = require('eslint');
const { config } = require('@n8n/node-cli/eslint');

/**
 * Rules that read the files around a node (icons beside it, package.json, other files, imports)
 * rather than its description: in a folder of generated modules they would see a package that is
 * not there. `n8n-node lint` runs them on the source.
 */
export const FILE_RULES = {
	'@n8n/community-nodes/icon-validation': 'off',
	'@n8n/community-nodes/node-registration-complete': 'off',
	'@n8n/community-nodes/no-dead-files': 'off',
	'@n8n/community-nodes/no-credential-reuse': 'off',
};

/** Functions in a description (routing hooks, list searches, authenticate) become calls of this declared one. */
const FUNCTION = 'builtFunction';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Source text written as is (a member of n8n-workflow's NodeConnectionTypes, as the source writes it). */
class Code {
	constructor(text) {
		this.text = text;
	}
}

/** `value` as TypeScript source: objects as literals with identifier keys, as n8n's rules read them. */
export function literal(value, indent = '') {
	const inner = `${indent}\t`;
	if (value instanceof Code) return value.text;
	if (typeof value === 'function') return `async function (...args: unknown[]) {\n${inner}return ${FUNCTION}(args);\n${indent}}`;
	if (value === undefined) return 'undefined';
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
	if (Array.isArray(value)) {
		if (value.length === 0) return '[]';
		return `[\n${value.map((v) => `${inner}${literal(v, inner)},`).join('\n')}\n${indent}]`;
	}
	const entries = Object.entries(value).filter(([, v]) => v !== undefined);
	if (entries.length === 0) return '{}';
	const key = (k) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));
	return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`).join('\n')}\n${indent}}`;
}

/** n8n-workflow's NodeConnectionTypes: the value each name stands for ('main' -> 'Main'). */
const connectionNames = Object.fromEntries(
	Object.entries(require('n8n-workflow').NodeConnectionTypes).map(([name, value]) => [value, name]),
);
/** A description's inputs and outputs as the source writes them: NodeConnectionTypes.Main, not 'main'. */
const connections = (list) =>
	Array.isArray(list)
		? list.map((c) => (typeof c === 'string' && connectionNames[c] ? new Code(`NodeConnectionTypes.${connectionNames[c]}`) : c))
		: list;

/** A class with the given fields (own properties of an instance) and methods (of its prototype). */
function classModule(className, kind, fields, methods) {
	const members = [
		...Object.entries(fields)
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => `\t${k} = ${literal(v, '\t')};`),
		...methods.map((m) => `\tasync ${m}(...args: unknown[]): Promise<unknown> {\n\t\treturn ${FUNCTION}(this, args);\n\t}`),
	];
	const body = `export class ${className} implements ${kind} {\n${members.join('\n\n')}\n}\n`;
	const declarations = [];
	if (body.includes(`${FUNCTION}(`)) declarations.push(`declare function ${FUNCTION}(...args: unknown[]): unknown;`);
	if (body.includes('NodeConnectionTypes.')) declarations.push(`declare const NodeConnectionTypes: Record<string, string>;`);
	return `${declarations.join('\n')}\n\n${body}`;
}

/** A built class's own fields and its prototype's methods. */
function membersOf(instance) {
	const fields = { ...instance };
	const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(instance)).filter(
		(m) => m !== 'constructor' && typeof instance[m] === 'function',
	);
	return { fields, methods };
}

/** A node class as a module n8n's node rules read: `description` first, as a literal. */
export function nodeModule(className, instance) {
	const { fields, methods } = membersOf(instance);
	const { description, ...rest } = fields;
	const written = { ...description, inputs: connections(description.inputs), outputs: connections(description.outputs) };
	return classModule(className, 'INodeType', { description: written, ...rest }, methods);
}

/** A credential class as a module n8n's credential rules read. */
export function credentialModule(className, instance) {
	const { fields, methods } = membersOf(instance);
	return classModule(className, 'ICredentialType', fields, methods);
}

/** The classes a built file exports, each instantiated. */
function load(file) {
	const exported = require(path.resolve(file));
	return Object.entries(exported)
		.filter(([, v]) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v)))
		.map(([name, Class]) => ({ name, instance: new Class() }));
}

/** Where a built file's module goes: its path under dist/ (nodes/WhatConverts/...), else nodes/<Name>/. */
function placeOf(file, name, suffix, folder) {
	const rel = path.relative(path.join(root, 'dist'), path.dirname(path.resolve(file)));
	const dir = rel.startsWith('..') || path.isAbsolute(rel) ? path.join(folder, folder === 'nodes' ? name : '') : rel;
	return path.join(dir, `${name}${suffix}`);
}

/**
 * Writes the modules of the given built node and credential files into a new folder and lints
 * them with n8n's config. Returns ESLint's results (paths inside that folder) and the folder.
 */
export async function lintDescriptions({ nodes = [], credentials = [] }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-descriptions-'));
	for (const file of nodes) {
		for (const { name, instance } of load(file)) {
			if (!instance.description) continue;
			const target = path.join(dir, placeOf(file, name, '.node.ts', 'nodes'));
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.writeFileSync(target, nodeModule(name, instance));
		}
	}
	for (const file of credentials) {
		for (const { name, instance } of load(file)) {
			const target = path.join(dir, placeOf(file, name, '.credentials.ts', 'credentials'));
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.writeFileSync(target, credentialModule(name, instance));
		}
	}
	const eslint = new ESLint({
		cwd: dir,
		overrideConfigFile: true,
		overrideConfig: [...config, { rules: FILE_RULES }],
		errorOnUnmatchedPattern: false,
	});
	const results = await eslint.lintFiles(['nodes/**/*.ts', 'credentials/**/*.ts']);
	return { results, dir, format: async () => (await eslint.loadFormatter('stylish')).format(results) };
}

async function main(args) {
	let nodes;
	let credentials = [];
	if (args[0] === '--node') nodes = args.slice(1);
	else {
		const { n8n } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
		nodes = n8n.nodes.map((p) => path.join(root, p));
		credentials = n8n.credentials.map((p) => path.join(root, p));
		const missing = [...nodes, ...credentials].filter((p) => !fs.existsSync(p));
		if (missing.length) throw new Error(`not built: ${missing.join(', ')} (run npm run build first)`);
	}
	const { results, dir, format } = await lintDescriptions({ nodes, credentials });
	const linted = results.length;
	const errors = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0);
	const output = await format();
	if (output) process.stdout.write(output);
	if (linted === 0) throw new Error('no description was linted');
	if (errors) {
		process.stdout.write(`The descriptions as n8n loads them break n8n's lint rules (the modules linted: ${dir}).\n`);
		process.exitCode = 1;
		return;
	}
	fs.rmSync(dir, { recursive: true, force: true });
	process.stdout.write(`n8n's lint rules pass on ${linted} descriptions as n8n loads them\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2)).catch((e) => {
		process.stderr.write(`${e.stack || e}\n`);
		process.exit(1);
	});
}
