/**
 * The built package as n8n's verification reads it, for test/verification.test.ts: package.json,
 * the node and credential classes at the paths package.json's `n8n` block names (so the checks
 * follow the files wherever they move), every parameter of every description (nested ones too),
 * the codex file beside each node, the icons, and the JavaScript that is published.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { ICredentialType, INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
export const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

export interface PackageJson {
	name: string;
	version?: string;
	description?: string;
	license?: string;
	keywords?: string[];
	homepage?: string;
	author?: { name?: string; email?: string } | string;
	repository?: { type?: string; url?: string; directory?: string };
	files?: string[];
	scripts?: Record<string, string>;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	publishConfig?: Record<string, unknown>;
	n8n: { n8nNodesApiVersion?: number; strict?: boolean; nodes: string[]; credentials?: string[] };
}
export const pkg = JSON.parse(read('package.json')) as PackageJson;

export interface Loaded<T> {
	/** the path in package.json, e.g. dist/nodes/X/X.node.js */
	file: string;
	className: string;
	instance: T;
}

/** The classes a file exports whose instances pass `is` (n8n instantiates every exported class). */
function load<T>(files: string[], is: (instance: Record<string, unknown>) => boolean): Array<Loaded<T>> {
	return files.flatMap((file) => {
		const exported = require(path.join(ROOT, file)) as Record<string, unknown>;
		return Object.values(exported).flatMap((value) => {
			if (typeof value !== 'function' || !value.prototype) return [];
			const instance = new (value as new () => Record<string, unknown>)();
			return is(instance) ? [{ file, className: value.name, instance: instance as T }] : [];
		});
	});
}

export const nodes = load<INodeType>(pkg.n8n.nodes, (i) => typeof i.description === 'object');
export const credentials = load<ICredentialType>(
	pkg.n8n.credentials ?? [],
	(i) => typeof i.name === 'string' && Array.isArray(i.properties),
);

/** A node's descriptions (one per version of a versioned node). */
export function descriptionsOf(node: INodeType): INodeTypeDescription[] {
	const versions = (node as { nodeVersions?: Record<string, INodeType> }).nodeVersions;
	return versions ? Object.values(versions).map((version) => version.description) : [node.description];
}
export const descriptions = nodes.flatMap(({ instance }) => descriptionsOf(instance));

export interface Param {
	/** node name › parameter names down to this one */
	where: string;
	property: INodeProperties;
	/** directly in the description's `properties` (not inside a collection) */
	topLevel: boolean;
}

/** Every parameter: top level, inside collections, inside fixed collections' value groups. */
export function paramsOf(description: INodeTypeDescription | ICredentialType, owner = description.name): Param[] {
	const walk = (properties: INodeProperties[], where: string, topLevel: boolean): Param[] =>
		properties.flatMap((property) => {
			const here = `${where} › ${property.name}`;
			const nested = (property.options ?? []).flatMap((option) => {
				if ('values' in option) return walk(option.values, `${here} › ${option.name}`, false);
				if ('type' in option && 'displayName' in option) return walk([option as INodeProperties], here, false);
				return [];
			});
			return [{ where: here, property, topLevel }, ...nested];
		});
	return walk(description.properties, owner, true);
}
export const params = descriptions.flatMap((description) => paramsOf(description));

/** The choices of an options or multiOptions parameter. */
export const choicesOf = (property: INodeProperties): INodePropertyOptions[] =>
	['options', 'multiOptions'].includes(property.type) && Array.isArray(property.options)
		? (property.options as INodePropertyOptions[]).filter((option) => 'value' in option)
		: [];

/** The codex file n8n reads beside a node file (X.node.js → X.node.json), or undefined. */
export function codexOf(file: string): Record<string, unknown> | undefined {
	const codex = path.join(ROOT, `${file}on`);
	return fs.existsSync(codex) ? (JSON.parse(fs.readFileSync(codex, 'utf8')) as Record<string, unknown>) : undefined;
}

/** The icon files of a node or credential (`file:` paths are relative to its file), by theme. */
export function iconsOf(file: string, icon: unknown): Array<{ theme: 'light' | 'dark' | 'both'; path: string }> {
	const resolve = (value: unknown) => {
		if (typeof value !== 'string' || !value.startsWith('file:'))
			throw new Error(`${file}: icon ${JSON.stringify(value)} is not a file: icon`);
		return path.join(path.dirname(path.join(ROOT, file)), value.slice('file:'.length));
	};
	if (icon && typeof icon === 'object') {
		const { light, dark } = icon as { light: unknown; dark: unknown };
		return [
			{ theme: 'light', path: resolve(light) },
			{ theme: 'dark', path: resolve(dark) },
		];
	}
	return [{ theme: 'both', path: resolve(icon) }];
}

/** Every file below a folder of the repository (none when it does not exist). */
export function filesBelow(folder: string): string[] {
	const dir = path.join(ROOT, folder);
	if (!fs.existsSync(dir)) return [];
	return (fs.readdirSync(dir, { recursive: true }) as string[])
		.map((name) => path.join(folder, name))
		.filter((name) => fs.statSync(path.join(ROOT, name)).isFile());
}

/** The published JavaScript: what package.json's `files` globs take from dist/. */
export const publishedJs = filesBelow('dist').filter((file) => file.endsWith('.js'));

/** A file parsed by TypeScript (JavaScript and TypeScript alike), for checks on its syntax tree. */
export function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
}

/** Every node of a syntax tree. */
export function* walkTree(node: ts.Node): Generator<ts.Node> {
	yield node;
	for (const child of node.getChildren()) yield* walkTree(child);
}

/** The value of a string literal or of a template without substitutions, else undefined. */
export const literal = (node: ts.Node | undefined): string | undefined =>
	node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

/** `name = value` pairs of a syntax tree: variables, properties, class fields, assignments. */
export function* assignments(source: ts.SourceFile): Generator<{ name: string; value: ts.Node; line: number }> {
	const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
	const nameOf = (name: ts.Node): string | undefined =>
		ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
	for (const node of walkTree(source)) {
		let name: string | undefined;
		let value: ts.Node | undefined;
		if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
			name = nameOf(node.name);
			value = node.initializer;
		} else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
			const left = node.left;
			name = ts.isIdentifier(left) ? left.text : ts.isPropertyAccessExpression(left) ? left.name.text : undefined;
			value = node.right;
		}
		if (name && value) yield { name, value, line: at(value) };
	}
}

/** WCAG 2 contrast ratio of a colour (#rgb, #rrggbb, #rrggbbaa, rgb()/rgba(), black/white) on a background. */
export function contrast(paint: string, background: string): number | undefined {
	const rgba = (value: string): [number, number, number, number] | undefined => {
		const text = value.trim().toLowerCase();
		if (text === 'black' || text === 'currentcolor') return [0, 0, 0, 1];
		if (text === 'white') return [1, 1, 1, 1];
		let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(text);
		if (m) {
			const hex = m[1].length <= 4 ? [...m[1]].map((c) => c + c).join('') : m[1];
			const [r, g, b, a = 255] = (hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16));
			return [r / 255, g / 255, b / 255, a / 255];
		}
		m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+))?\s*\)$/.exec(text);
		if (m) return [Number(m[1]) / 255, Number(m[2]) / 255, Number(m[3]) / 255, m[4] === undefined ? 1 : Number(m[4])];
		return undefined;
	};
	const luminance = ([r, g, b]: number[]) => {
		const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
		return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
	};
	const fg = rgba(paint);
	const bg = rgba(background);
	if (!fg || !bg) return undefined;
	const shown = [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
	const [high, low] = [luminance(shown), luminance(bg)].sort((a, b) => b - a);
	return (high + 0.05) / (low + 0.05);
}

/** The paints of an SVG (fill, stroke, stop-color, as attributes or in styles); black when it sets no fill. */
export function svgPaints(svg: string): string[] {
	const paints = [...svg.matchAll(/\b(fill|stroke|stop-color)\s*(?:=\s*"([^"]*)"|=\s*'([^']*)'|:\s*([^;"'}]+))/gi)]
		.map((m) => ({ property: m[1].toLowerCase(), value: (m[2] ?? m[3] ?? m[4]).trim() }))
		.filter(({ value }) => value !== 'none' && !/^url\(/i.test(value));
	const values = paints.map(({ value }) => value);
	return paints.some(({ property }) => property === 'fill') ? values : [...values, 'black'];
}
