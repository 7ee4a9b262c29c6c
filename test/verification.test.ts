// n8n's rules for verified community nodes that `npm run lint` does not run (the newest rules of
// n8n's community-node lint, newer than the published plugin, and the points of n8n's
// verification and UX guidelines), checked on the built package: package.json, the classes at
// the paths its `n8n` block names, their descriptions, codex files, icons and published
// JavaScript. Each describe names the rule or guideline point; CONTRIBUTING.md ("Verification")
// lists every one with where it is checked.
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

import type { INodeParameters } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { pick } from './harness/agency';
import {
	assignments,
	choicesOf,
	codexOf,
	contrast,
	credentials,
	descriptions,
	filesBelow,
	iconsOf,
	literal,
	nodes,
	params,
	paramsOf,
	parse,
	pkg,
	publishedJs,
	read,
	ROOT,
	svgPaints,
	walkTree,
} from './harness/verification';
import { credentialsFor, useServer } from './harness/whatconverts';

const server = useServer();

const isTrigger = (className: string) => className.endsWith('Trigger');
/** Words n8n's UX guidelines keep out of error messages and their descriptions. */
const BLAME_WORDS = /\b(errors?|problems?|failures?|fail(s|ed|ing)?|mistakes?)\b/i;
/** Words Title Case leaves in lower case. */
const SMALL_WORDS = new Set([
	'a',
	'an',
	'the',
	'and',
	'or',
	'nor',
	'but',
	'of',
	'to',
	'in',
	'on',
	'at',
	'by',
	'for',
	'with',
	'from',
	'as',
	'per',
	'via',
	'vs',
]);

/** Title Case: every word starts with a capital, except small words after the first. */
function notTitleCase(text: string): boolean {
	return text
		.split(/\s+/)
		.map((word) => word.replace(/^[("'“‘]+/, ''))
		.some((word, index) => /^[a-z]/.test(word) && !(index > 0 && SMALL_WORDS.has(word.replace(/[),.:;'"”’]+$/, ''))));
}

describe('package.json (community-package-json, require-mit-license, valid-author, require-homepage, no-monorepo, require-files-array)', () => {
	it('names an MIT licence, a version, a description, an author with name and email, a homepage, a repository and the published files', () => {
		expect(pkg.license).toBe('MIT');
		expect(read('LICENSE')).toMatch(/^MIT License/);
		expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
		expect(pkg.description?.trim()).toBeTruthy();
		expect(pkg.author).toEqual(expect.objectContaining({ name: expect.stringMatching(/\S/), email: expect.stringMatching(/^\S+@\S+$/) }));
		expect(new URL(pkg.homepage ?? '').protocol).toBe('https:');
		expect(pkg.repository?.url).toMatch(/^(git\+)?https:\/\/github\.com\/[^<>/]+\/[^<>/]+\.git$/);
		// a repository of its own: no monorepo folder
		expect(pkg.repository?.directory).toBeUndefined();
		expect(pkg.files?.length).toBeGreaterThan(0);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n.n8nNodesApiVersion).toEqual(expect.any(Number));
		expect(pkg.n8n.nodes.length).toBeGreaterThan(0);
	});

	it('has no runtime dependencies, and the published JavaScript loads nothing but n8n-workflow, crypto and its own files', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		const loads = publishedJs.flatMap((file) =>
			[...walkTree(parse(file))]
				.filter((node): node is ts.CallExpression => ts.isCallExpression(node) && node.expression.getText() === 'require')
				.map((call) => [file, literal(call.arguments[0]) ?? call.arguments[0]?.getText()]),
		);
		expect(loads.length).toBeGreaterThan(0);
		expect(loads.filter(([, module]) => !/^(\.\.?\/|n8n-workflow$|(node:)?crypto$)/.test(module ?? ''))).toEqual([]);
	});

	it('is built and released with n8n-node, published with provenance from a GitHub Action (verification guidelines)', () => {
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.scripts?.lint).toContain('n8n-node lint');
		expect(pkg.scripts?.release).toBe('n8n-node release');
		expect(pkg.publishConfig).toEqual(expect.objectContaining({ provenance: true }));
		const workflow = read('.github/workflows/publish.yml');
		expect(workflow).toMatch(/id-token:\s*write/);
		expect(workflow).toContain('npm run release');
	});
});

describe('files (node-registration-complete, no-dead-files, node-file-conventions, cred-class-naming)', () => {
	it('registers every built node and credential in package.json', () => {
		const registered = [...pkg.n8n.nodes, ...(pkg.n8n.credentials ?? [])].map((file) => path.normalize(file));
		const built = filesBelow('dist').filter((file) => /\.(node|credentials)\.js$/.test(file));
		expect(built.sort()).toEqual(registered.sort());
		for (const file of registered) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
	});

	it('leaves no backup, editor or stray test file among the sources or the built files', () => {
		const dead = ['nodes', 'credentials', 'dist']
			.flatMap(filesBelow)
			.filter((file) => /(\.backup|\.bak|Zone\.Identifier)$|(^|\/)test\.(js|ts)$/.test(file));
		expect(dead).toEqual([]);
	});

	it('names each node file and credential file after its class', () => {
		for (const { file, className, instance } of nodes) {
			expect(path.basename(file)).toBe(`${className}.node.js`);
			// and after the node's name: whatConverts → WhatConverts.node.js
			const { name } = instance.description;
			expect(path.basename(file)).toBe(`${name[0].toUpperCase()}${name.slice(1)}.node.js`);
		}
		for (const { file, className } of credentials) expect(path.basename(file)).toBe(`${className}.credentials.js`);
		expect(nodes.length).toBe(pkg.n8n.nodes.length);
		expect(credentials.length).toBe(pkg.n8n.credentials?.length);
	});
});

describe('node descriptions (node-class-description-naming, trigger-node-conventions, node-usable-as-tool, single-credential-per-node)', () => {
	it('names each node in camelCase, describes it, leaves out a colour (n8n 3.0 drops defaults.color) and uses one credential ending in Api', () => {
		for (const description of descriptions) {
			expect(description.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
			expect(description.description.trim().length).toBeGreaterThan(20);
			expect(description.defaults).not.toHaveProperty('color');
			expect((description as { color?: string }).color).toBeUndefined();
			// one credential at most (the webhook trigger needs none: WhatConverts posts to it)
			expect((description.credentials ?? []).map((credential) => credential.name)).toEqual(
				description.credentials?.length ? [expect.stringMatching(/Api$/)] : [],
			);
			expect(description.icon).toBeDefined();
		}
	});

	it('labels trigger nodes as triggers, with no inputs and not usable as a tool; the others have a subtitle and are tools', () => {
		for (const { className, instance } of nodes) {
			const { description } = instance;
			if (isTrigger(className)) {
				expect(description.name).toMatch(/Trigger$/);
				expect(description.displayName).toContain('Trigger');
				expect(description.inputs).toEqual([]);
				expect(description.usableAsTool).toBeUndefined();
			} else {
				expect(description.subtitle).toBeTruthy();
				expect(description.usableAsTool).toBe(true);
			}
		}
	});

	it('runs no execute() of its own (declarative), so the rules for execute() have nothing to apply to', () => {
		// require-continue-on-fail, missing-paired-item, node-operation-error-itemindex and
		// prefer-declarative-style look inside execute(): n8n's RoutingNode runs these nodes.
		for (const { className, instance } of nodes) {
			expect([className, typeof instance.execute]).toEqual([className, 'undefined']);
			if (!isTrigger(className)) expect(instance.description.requestDefaults).toBeDefined();
		}
	});
});

describe('items (what require-continue-on-fail, missing-paired-item and node-operation-error-itemindex ask of execute())', () => {
	const parameters = { resource: 'lead', operation: 'get', leadId: '={{ $json.id }}' };

	it('pairs every output item with its input, failed ones too under Continue On Fail', async () => {
		const [lead] = server.addLeads(1);
		const { items } = await runNode({
			parameters,
			items: [{ id: String(lead.lead_id) }, { id: '1/../x' }],
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(items.map((item) => [item.pairedItem, item.json.lead_id ?? item.json.error])).toEqual([
			[{ item: 0 }, lead.lead_id],
			[{ item: 1 }, expect.stringContaining('Lead ID "1/../x"')],
		]);
	});

	it("gives an item's error that item's index", async () => {
		const [lead] = server.addLeads(1);
		const { error } = await runNode({
			parameters,
			items: [{ id: String(lead.lead_id) }, { id: '1/../x' }],
			credentials: credentialsFor(server),
		});
		expect(error?.context).toEqual(expect.objectContaining({ itemIndex: 1 }));
	});
});

describe('credentials (cred-class-field-naming, credential-password-field, credential-unnecessary-password, icon-validation)', () => {
	it('names the credential …Api with a "… API" display name, masks the secrets and only the secrets', () => {
		expect(credentials.length).toBeGreaterThan(0);
		for (const { className, instance } of credentials) {
			expect(className).toMatch(/Api$/);
			expect(instance.name).toMatch(/^[a-z][a-zA-Z0-9]*Api$/);
			expect(instance.displayName).toMatch(/^[A-Z].* API$/);
			expect(instance.displayName).not.toMatch(/\bApi\b/);
			expect(instance.icon).toBeDefined();
			expect(instance.test).toBeDefined();
			for (const property of instance.properties) {
				const sensitive =
					/password|secret|token|cert|passphrase|apikey|privatekey|authkey/i.test(property.name) && !/url|pub|id$/i.test(property.name);
				expect([property.name, Boolean(property.typeOptions?.password)]).toEqual([property.name, sensitive]);
			}
		}
	});
});

describe('parameters (require-param-default, node-param-conventions, no-duplicate-param-options, no-asterisk-in-option-names, no-emoji-in-options, options-sorted-alphabetically, hint-max-length, open-ended-node-fields, non-required-fields-in-collection, no-builder-hint-leakage)', () => {
	it('gives every parameter a default', () => {
		expect(params.length).toBeGreaterThan(50);
		expect(params.filter(({ property }) => !('default' in property)).map(({ where }) => where)).toEqual([]);
	});

	it('never says required: false (the default goes unsaid)', () => {
		expect(params.filter(({ property }) => property.required === false).map(({ where }) => where)).toEqual([]);
	});

	it('lists the choices of every options parameter alphabetically', () => {
		const options = params.filter(({ property }) => property.type === 'options');
		expect(options.length).toBeGreaterThan(10);
		const unsorted = options.flatMap(({ where, property }) => {
			const names = choicesOf(property).map((choice) => choice.name);
			const sorted = [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
			return names.join('|') === sorted.join('|') ? [] : [`${where}: ${names.join(', ')}`];
		});
		expect(unsorted).toEqual([]);
	});

	// non-required-fields-in-collection (a warning) wants optional top-level parameters in a collection.
	// Parameters that always hold a value are marked required (Event, User Type, Role Type, Look-Back
	// Window). These stay optional at the top level, each for its reason; their paths are public since
	// 0.1.0 (saved workflows store them), so moving them into a collection would break workflows.
	const OPTIONAL_AT_TOP: Record<string, string> = {
		'whatConverts › returnAll': "the UX guidelines' own layout: Return All and Limit above the filters of every Get Many",
		'whatConverts › limit': "the UX guidelines' own layout: Return All and Limit above the filters of every Get Many",
		'whatConverts › simplify': "the UX guidelines' own layout: Simplify is a switch of its own",
		'whatConverts › customerJourney': 'a switch beside Lead ID (lead Get) that adds to the answer, as Simplify cuts it',
		'whatConverts › continueAfter':
			"lead Get Many's place to go on from, which an AI agent fills from an earlier answer's next: beside Return All and Limit, which it continues",
		'whatConverts › matchLeadType': "a switch of Find or Create's match, beside Match By and Look-Back Window",
		'whatConverts › profileId': 'lead Create and Find or Create: needed with a master key only (a profile key uses its own profile)',
		'whatConvertsWebhookTrigger › leadTypes': 'a filter whose empty value means every lead type',
		'whatConvertsWebhookTrigger › secret': 'empty means no secret; at the top so that a user sees the one protection of the URL',
		'whatConvertsWebhookTrigger › onlyCompleted': 'a switch: on or off, never empty',
	};
	it('keeps optional parameters in collections, except those the guidelines and the public paths keep at the top', () => {
		const exempt = ['collection', 'fixedCollection', 'notice', 'callout', 'hidden', 'curlImport'];
		const loose = params.filter(
			({ property, topLevel }) =>
				topLevel &&
				!property.required &&
				!exempt.includes(property.type) &&
				!['resource', 'operation', 'authentication'].includes(property.name) &&
				!property.displayOptions?.show?.['@tool'],
		);
		expect([...new Set(loose.map(({ where }) => where))].sort()).toEqual(Object.keys(OPTIONAL_AT_TOP).sort());
	});

	it('offers no choice twice (name or value), no asterisk and no emoji in a choice or label', () => {
		const problems = params.flatMap(({ where, property }) => {
			const choices = choicesOf(property);
			const names = choices.map((choice) => choice.name);
			const values = choices.map((choice) => JSON.stringify(choice.value));
			return [
				...names.filter((name, i) => names.indexOf(name) !== i).map((name) => `${where}: name "${name}" twice`),
				...values.filter((value, i) => values.indexOf(value) !== i).map((value) => `${where}: value ${value} twice`),
				...names.filter((name) => name.includes('*')).map((name) => `${where}: "${name}" has an asterisk`),
				...[property.displayName, ...names]
					.filter((text) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(text))
					.map((text) => `${where}: emoji in "${text}"`),
			];
		});
		expect(problems).toEqual([]);
	});

	it('keeps every hint to 120 characters (longer text goes in the description)', () => {
		expect(
			params
				.filter(({ property }) => (property.hint ?? '').length > 120)
				.map(({ where, property }) => `${where}: ${property.hint?.length}`),
		).toEqual([]);
	});

	it('has no optional free-form JSON parameter at the top level', () => {
		expect(
			params.filter(({ property, topLevel }) => topLevel && property.type === 'json' && !property.required).map(({ where }) => where),
		).toEqual([]);
	});

	it('leaks no expression syntax or connection type names into builder hints', () => {
		const hints: string[] = [];
		const collect = (value: unknown, inHint = false): void => {
			if (typeof value === 'string' && inHint) hints.push(value);
			else if (Array.isArray(value)) value.forEach((item) => collect(item, inHint));
			else if (value && typeof value === 'object')
				for (const [key, child] of Object.entries(value)) collect(child, inHint || key === 'builderHint');
		};
		collect(descriptions);
		expect(hints.filter((hint) => /=\{\{|\bai_[a-zA-Z]+\b/.test(hint))).toEqual([]);
	});
});

describe('codex (valid-node-categories, valid-codex-categories, no-codex-subcategories, no-ai-codex-category, no-logic-or-flow-nodes)', () => {
	it('gives every node a codex file naming its node type and documentation', () => {
		for (const { file, instance } of nodes) {
			const codex = codexOf(file);
			expect(codex).toEqual(
				expect.objectContaining({
					node: `${pkg.name}.${instance.description.name}`,
					resources: expect.objectContaining({
						primaryDocumentation: [expect.objectContaining({ url: expect.stringMatching(/^https:/) })],
					}),
				}),
			);
		}
	});

	it('uses only the categories of n8n codex files', () => {
		const allowed = [
			'Analytics',
			'Communication',
			'Data & Storage',
			'Development',
			'Finance & Accounting',
			'Marketing & Content',
			'Miscellaneous',
			'Productivity',
			'Sales',
			'Utility',
		];
		for (const { file } of nodes) {
			const categories = codexOf(file)?.categories as string[];
			expect(categories.length).toBeGreaterThan(0);
			expect([file, categories.filter((category) => !allowed.includes(category))]).toEqual([file, []]);
		}
	});

	it('uses no subcategories, no AI category and no Logic or Flow category', () => {
		for (const { file, instance } of nodes) {
			for (const codex of [codexOf(file), instance.description.codex as Record<string, unknown> | undefined]) {
				if (!codex) continue;
				expect(codex.subcategories).toBeUndefined();
				expect(codex.categories).not.toContain('AI');
				expect(JSON.stringify(codex.categories ?? [])).not.toMatch(/Logic|Flow/);
			}
		}
	});
});

describe('icons (icon-validation, icon-prefer-themed-variants, icon-contrast)', () => {
	const backgrounds = { light: '#ffffff', dark: '#2b2b2b' };
	const owners = [
		...nodes.map(({ file, instance }) => ({ file, icon: instance.description.icon })),
		...credentials.map(({ file, instance }) => ({ file, icon: instance.icon })),
	];

	it('gives every node and credential a light and a dark SVG, different files, both published', () => {
		for (const { file, icon } of owners) {
			const icons = iconsOf(file, icon);
			expect(icons.map((i) => i.theme)).toEqual(['light', 'dark']);
			for (const { path: svg } of icons) {
				expect(svg).toMatch(/\.svg$/);
				expect(fs.existsSync(svg)).toBe(true);
			}
			expect(fs.readFileSync(icons[0].path, 'utf8')).not.toEqual(fs.readFileSync(icons[1].path, 'utf8'));
		}
	});

	it('stands out on its theme: the best-contrasting paint is at least 3:1 (WCAG for graphics; n8n warns below 1.5:1)', () => {
		for (const { file, icon } of owners) {
			for (const { theme, path: svg } of iconsOf(file, icon)) {
				const on = theme === 'both' ? Object.values(backgrounds) : [backgrounds[theme]];
				for (const background of on) {
					const ratios = svgPaints(fs.readFileSync(svg, 'utf8')).map((paint) => contrast(paint, background) ?? 0);
					expect([path.relative(ROOT, svg), background, Math.max(...ratios) >= 3]).toEqual([path.relative(ROOT, svg), background, true]);
				}
			}
		}
	});
});

describe('source (no-hardcoded-secrets, no-hardcoded-ids, node-execute-block, no-silent-error-swallowing; verification: no environment or file system)', () => {
	const sources = [...['nodes', 'credentials'].flatMap(filesBelow).filter((file) => file.endsWith('.ts')), ...publishedJs];

	it('holds no secret-looking literal in a key, secret, token, password or auth field', () => {
		const looksSecret = (value: string) =>
			value.length >= 16 &&
			!/\s/.test(value) &&
			!/example|placeholder|changeme|your|dummy|xxxx|<|\{\{/i.test(value) &&
			(/^[0-9a-f]+$/i.test(value) ||
				(/^[A-Za-z0-9+/=_.-]+$/.test(value) && ((/\d/.test(value) && /[a-z]/i.test(value)) || /[+/=]/.test(value))));
		const found = sources.flatMap((file) =>
			[...assignments(parse(file))]
				.filter(
					({ name, value }) => /password|secret|token|cert|passphrase|key|passwd|auth/i.test(name) && looksSecret(literal(value) ?? ''),
				)
				.map(({ name, line }) => `${file}:${line} ${name}`),
		);
		expect(found).toEqual([]);
	});

	it('fixes no partner, account, client or other id in a node file', () => {
		const nodeFiles = sources.filter((file) => /\.node\.(ts|js)$/.test(file));
		expect(nodeFiles.length).toBeGreaterThanOrEqual(nodes.length);
		const found = nodeFiles.flatMap((file) =>
			[...assignments(parse(file))]
				.filter(
					({ name, value }) =>
						/^(partner|affiliate|reseller|account|tenant|customer|client)[_-]?id$/i.test(name) && literal(value) !== undefined,
				)
				.map(({ name, line }) => `${file}:${line} ${name}`),
		);
		expect(found).toEqual([]);
	});

	it('gives every NodeOperationError made in a node file an itemIndex (node-execute-block)', () => {
		const made = nodes.flatMap(({ file }) =>
			[...walkTree(parse(file))].filter(
				(node): node is ts.NewExpression => ts.isNewExpression(node) && /NodeOperationError$/.test(node.expression.getText()),
			),
		);
		expect(made.length).toBeGreaterThan(0);
		const missing = made.filter((node) => {
			const last = node.arguments?.[node.arguments.length - 1];
			return !(last && ts.isObjectLiteralExpression(last) && last.properties.some((p) => p.name?.getText() === 'itemIndex'));
		});
		expect(missing.map((node) => `${node.getSourceFile().fileName}: ${node.getText().slice(0, 90)}`)).toEqual([]);
	});

	it('reads no environment variable and touches no file system in the published code', () => {
		const found = publishedJs.filter((file) => /\bprocess\.env\b|require\("(node:)?(fs|fs\/promises|child_process|os)"\)/.test(read(file)));
		expect(found).toEqual([]);
	});

	it('swallows no error in the webhook lifecycle (checkExists, create, delete)', () => {
		for (const { className, instance } of nodes) {
			const methods = Object.values((instance as { webhookMethods?: Record<string, Record<string, () => unknown>> }).webhookMethods ?? {});
			for (const [name, method] of methods.flatMap((group) => Object.entries(group))) {
				const source = ts.createSourceFile(
					`${className}.${name}.js`,
					`(${method.toString().replace(/^async (\w+)\(/, 'async function $1(')})`,
					ts.ScriptTarget.Latest,
					true,
				);
				const silent = [...walkTree(source)].filter(
					(node) =>
						ts.isCatchClause(node) &&
						node.block.statements.every(
							(statement) =>
								ts.isReturnStatement(statement) && (!statement.expression || /^(true|false)$/.test(statement.expression.getText())),
						),
				);
				expect([className, name, silent.length]).toEqual([className, name, 0]);
			}
		}
	});
});

describe('UX guidelines: node structure', () => {
	it('offers an account or profile as a Resource Locator that opens on "From list"', () => {
		const locators = params.filter(({ property }) => property.type === 'resourceLocator');
		expect(locators.length).toBeGreaterThan(0);
		for (const { where, property } of locators) {
			expect([where, property.modes?.[0]?.name, (property.default as { mode?: string }).mode]).toEqual([where, 'list', 'list']);
		}
	});

	// The guidelines' "Sort" collection of its own is a "can"; Order stays in Filters, where saved
	// workflows keep it (filters.order, public since 0.1.0), beside the dates it orders by.
	it('keeps sorting where saved workflows have it: Order in Filters, and nowhere else', () => {
		const orders = params.filter(({ property }) => property.name === 'order' || /^sort/i.test(property.name));
		expect(orders.length).toBeGreaterThan(0);
		expect(orders.filter(({ where }) => !/ › filters › order$/.test(where)).map(({ where }) => where)).toEqual([]);
	});

	// The guidelines ask for {"deleted": true}; the ids of what was deleted come with it, so that an
	// item fed by many says which one went.
	it('answers every Delete with one item: deleted: true and the ids of what was deleted', async () => {
		const resourceChoice = descriptions[0].properties.find((property) => property.name === 'resource')!;
		const withDelete = choicesOf(resourceChoice)
			.map((choice) => String(choice.value))
			.filter((resource) =>
				params.some(
					({ property }) =>
						property.name === 'operation' &&
						(property.displayOptions?.show?.resource as string[]).includes(resource) &&
						choicesOf(property).some((choice) => choice.value === 'delete'),
				),
			);
		const number = server.data.numbers[0];
		const form = server.data.forms[0];
		const deletes: Record<string, [INodeParameters, Record<string, number>]> = {
			account: [{ accountId: pick(1002) }, { account_id: 1002 }],
			profile: [
				{ accountId: pick(1001), profileId: pick(2002) },
				{ account_id: 1001, profile_id: 2002 },
			],
			trackingNumber: [{ phoneNumberId: String(number.phone_number_id) }, { phone_number_id: number.phone_number_id }],
			trackingForm: [{ formId: String(form.form_id) }, { form_id: form.form_id }],
		};
		expect(withDelete.sort()).toEqual(Object.keys(deletes).sort());
		for (const [resource, [ids, deleted]] of Object.entries(deletes)) {
			const { items, error } = await runNode({
				parameters: { resource, operation: 'delete', ...ids },
				credentials: credentialsFor(server, server.keys.master),
			});
			expect([resource, error?.message, items.map((item) => item.json)]).toEqual([resource, undefined, [{ deleted: true, ...deleted }]]);
		}
	});

	it("names operations with n8n's vocabulary", () => {
		const vocabulary = ['Create', 'Create or Update', 'Delete', 'Get', 'Get Many', 'Update', 'Find or Create'];
		const names = params
			.filter(({ property }) => property.name === 'operation')
			.flatMap(({ property }) => choicesOf(property).map((choice) => choice.name));
		expect(names.length).toBeGreaterThan(20);
		expect(names.filter((name) => !vocabulary.includes(name))).toEqual([]);
	});
});

describe('UX guidelines: node functionality (Simplify, and Output for AI tools)', () => {
	const SIMPLIFY_DESCRIPTION = 'Whether to return a simplified version of the response instead of the raw data';
	const shownAt = (property: { displayOptions?: { show?: Record<string, unknown> } }, name: string) =>
		(property.displayOptions?.show?.[name] as string[] | undefined) ?? [];

	it('offers Simplify wherever an answer has more than 10 fields, and keeps at most 10', async () => {
		server.addLeads(1);
		const resources = choicesOf(descriptions[0].properties.find((property) => property.name === 'resource')!).map((choice) =>
			String(choice.value),
		);
		const problems: string[] = [];
		for (const resource of resources) {
			const lists = params.some(
				({ property }) =>
					property.name === 'operation' &&
					shownAt(property, 'resource').includes(resource) &&
					choicesOf(property).some((c) => c.value === 'getAll'),
			);
			if (!lists) continue;
			const parameters = {
				resource,
				operation: 'getAll',
				returnAll: false,
				limit: 1,
				accountId: { __rl: true, mode: 'id', value: '1001' },
			};
			const full = await runNode({ parameters, credentials: credentialsFor(server, server.keys.master) });
			const fields = Object.keys(full.items[0]?.json ?? {}).length;
			if (fields <= 10) continue;
			const simplify = params.find(
				({ property }) =>
					property.name === 'simplify' &&
					!property.displayOptions?.show?.['@tool'] &&
					shownAt(property, 'resource').includes(resource) &&
					shownAt(property, 'operation').includes('getAll'),
			);
			if (!simplify || simplify.property.displayName !== 'Simplify' || simplify.property.description !== SIMPLIFY_DESCRIPTION) {
				problems.push(`${resource}: ${fields} fields, no Simplify`);
				continue;
			}
			const simple = await runNode({
				parameters: { ...parameters, simplify: true },
				credentials: credentialsFor(server, server.keys.master),
			});
			const kept = Object.keys(simple.items[0]?.json ?? {}).length;
			if (kept > 10) problems.push(`${resource}: Simplify keeps ${kept} fields`);
		}
		expect(problems).toEqual([]);
	}, 60_000);

	it('gives the AI tool, wherever people have Simplify, an Output of Simplified, Raw or Selected Fields, with the fields to pick', () => {
		const simplifies = params.filter(({ property }) => property.name === 'simplify' && property.type === 'boolean');
		expect(simplifies.length).toBeGreaterThanOrEqual(2);
		for (const { property } of simplifies) {
			expect(property.displayOptions?.hide?.['@tool']).toEqual([true]);
			for (const resource of shownAt(property, 'resource')) {
				for (const operation of shownAt(property, 'operation')) {
					const at = (name: string) =>
						params.filter(
							({ property: p }) =>
								p.name === name &&
								(shownAt(p, '@tool') as unknown[]).includes(true) &&
								shownAt(p, 'resource').includes(resource) &&
								shownAt(p, 'operation').includes(operation),
						);
					const outputs = at('output');
					expect([resource, operation, outputs.map(({ property: p }) => choicesOf(p).map((choice) => choice.name))]).toEqual([
						resource,
						operation,
						[['Raw', 'Selected Fields', 'Simplified']],
					]);
					const fields = at('fields');
					expect([resource, operation, fields.map(({ property: p }) => [p.type, shownAt(p, 'output')])]).toEqual([
						resource,
						operation,
						[['multiOptions', ['selected']]],
					]);
				}
			}
		}
	});
});

describe('UX guidelines: copy', () => {
	it('describes every boolean parameter with "Whether …"', () => {
		expect(
			params
				.filter(({ property }) => property.type === 'boolean' && !/^Whether\b/.test(property.description ?? ''))
				.map(({ where }) => where),
		).toEqual([]);
	});

	it('writes parameter labels and choice names in Title Case', () => {
		const labels = params.flatMap(({ where, property }) => [
			...(property.type === 'notice' ? [] : [[where, property.displayName]]),
			...choicesOf(property).map((choice) => [`${where} › ${String(choice.value)}`, choice.name]),
		]);
		expect(labels.filter(([, text]) => notTitleCase(text)).map(([where, text]) => `${where}: "${text}"`)).toEqual([]);
	});

	it('names the node and its display name in Title Case, and gives each operation an action in sentence case naming its resource', () => {
		for (const description of descriptions) {
			expect(notTitleCase(description.displayName)).toBe(false);
			for (const { property } of paramsOf(description).filter(({ property }) => property.name === 'operation')) {
				for (const choice of choicesOf(property)) {
					const action = choice.action ?? '';
					const resources = property.displayOptions?.show?.resource as string[] | undefined;
					if (!resources) continue;
					expect(action).toMatch(/^[A-Z][a-z]+( [a-z]+)*( [a-z]+)?/);
					expect(
						action
							.split(' ')
							.slice(1)
							.some((word) => /^[A-Z][a-z]/.test(word) && !['WhatConverts'].includes(word)),
					).toBe(false);
				}
			}
		}
	});

	it('starts every description, hint and action with a capital (sentence case)', () => {
		const texts = params.flatMap(({ where, property }) => [
			...[property.description, property.hint].map((text) => [where, text]),
			...choicesOf(property).flatMap((choice) => [
				[`${where} › ${String(choice.value)}`, choice.description],
				[`${where} › ${String(choice.value)}`, choice.action],
			]),
		]);
		for (const description of descriptions) texts.push([description.name, description.description]);
		expect(texts.filter(([, text]) => text).length).toBeGreaterThan(100);
		expect(texts.filter(([, text]) => text && !/^[A-Z0-9'"“(]/.test(text)).map(([where, text]) => `${where}: ${text}`)).toEqual([]);
	});

	it('starts every placeholder of a value with "e.g."', () => {
		const placeholders = params.filter(
			({ property }) => property.placeholder && !['collection', 'fixedCollection'].includes(property.type),
		);
		expect(placeholders.length).toBeGreaterThan(5);
		expect(
			placeholders
				.filter(({ property }) => !/^e\.g\. \S/.test(property.placeholder ?? ''))
				.map(({ where, property }) => `${where}: ${property.placeholder}`),
		).toEqual([]);
	});

	it("quotes the names of the node's parameters in single quotes in descriptions and hints", () => {
		const unquoted = descriptions.flatMap((description) => {
			const own = paramsOf(description);
			const labels = [
				...new Set(own.map(({ property }) => property.displayName).filter((label) => /^\S+( \S+)+$/.test(label) && label.length < 40)),
			];
			const texts = own.flatMap(({ where, property }) =>
				[property.description, property.hint, ...choicesOf(property).map((choice) => choice.description)]
					.filter((text): text is string => Boolean(text))
					.map((text) => ({ where, own: property.displayName, text })),
			);
			expect(texts.length).toBeGreaterThan(0);
			return texts.flatMap(({ where, own: label, text }) =>
				labels
					.filter((other) => other !== label)
					.filter((other) => new RegExp(`(^|[^'\\w])${other.replace(/[()]/g, '\\$&')}(?![\\w'])`).test(text))
					.map((other) => `${where}: ${other}`),
			);
		});
		expect(unquoted).toEqual([]);
	});

	it('is written in English only: no letters of other scripts in any text a user reads', () => {
		const texts: string[] = [];
		for (const { property } of params) {
			texts.push(property.displayName, property.description ?? '', property.hint ?? '', property.placeholder ?? '');
			for (const choice of choicesOf(property)) texts.push(choice.name, choice.description ?? '', choice.action ?? '');
		}
		for (const description of descriptions) texts.push(description.displayName, description.description);
		expect(texts.filter((text) => /(?![\p{Script=Latin}])\p{L}/u.test(text))).toEqual([]);
	});
});

describe('UX guidelines: errors say what happened and what to do, without "error", "problem", "failure", "mistake"', () => {
	const noRetries = { maxRetries: 0, maxWaitSeconds: 0 };
	const getLead = { resource: 'lead', operation: 'get', leadId: '1', rateLimitHandling: noRetries };
	const createLead = { resource: 'lead', operation: 'create', leadType: 'web_form', rateLimitHandling: noRetries };
	const answer500 = () => server.injectFault({ fault: { kind: 'status', status: 500, body: '{}' }, times: 5 });
	const drop = () => server.injectFault({ fault: { kind: 'drop' }, times: 5 });
	it.each([
		['a create whose answer was lost', drop, createLead],
		['a read whose connection dropped', drop, getLead],
		['a read answered 500', answer500, getLead],
		['a create answered 500', answer500, createLead],
	])('%s', async (_, fault, parameters) => {
		server.addLeads(1);
		fault();
		const { error } = await runNode({ parameters, credentials: credentialsFor(server) });
		expect(error?.message).toMatch(/WhatConverts/);
		expect(error?.description).toBeTruthy();
		expect([error?.message, error?.description].filter((text) => BLAME_WORDS.test(text ?? ''))).toEqual([]);
	});

	it('writes none of those words in any text of the source: messages, their descriptions, parameter descriptions', () => {
		const sources = ['nodes', 'credentials'].flatMap(filesBelow).filter((file) => file.endsWith('.ts'));
		const found = sources.flatMap((file) => {
			const source = parse(file);
			return [...walkTree(source)]
				.filter(
					(node) =>
						(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) &&
						!ts.isImportDeclaration(node.parent) &&
						!ts.isExportDeclaration(node.parent) &&
						BLAME_WORDS.test(node.text),
				)
				.map((node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${(node as ts.LiteralLikeNode).text}`);
		});
		expect(sources.length).toBeGreaterThan(10);
		expect(found).toEqual([]);
	});
});

describe('verification guidelines: one service, not an existing node', () => {
	it('integrates WhatConverts only: every node and credential is WhatConverts and talks to its API', () => {
		for (const { instance } of nodes) expect(instance.description.displayName).toMatch(/^WhatConverts\b/);
		for (const { instance } of credentials) {
			expect(instance.displayName).toMatch(/^WhatConverts\b/);
			expect(instance.properties.find((property) => property.name === 'baseUrl')?.default).toMatch(/^https:\/\/app\.whatconverts\.com\//);
		}
	});

	it('is no node n8n already ships', () => {
		const base = require('n8n-nodes-base/package.json') as { n8n: { nodes: string[] } };
		expect(base.n8n.nodes.length).toBeGreaterThan(300);
		expect(base.n8n.nodes.filter((file) => /whatconverts/i.test(file))).toEqual([]);
	});

	it('documents installation, credentials, operations and examples in its README, and ships the examples', () => {
		const readme = read('README.md');
		for (const heading of [/^## .*Install/m, /^## .*Credential/m, /^## .*Operations/m, /^## .*Compatib/m]) expect(readme).toMatch(heading);
		const examples = filesBelow('examples').filter((file) => file.endsWith('.json'));
		expect(examples.length).toBeGreaterThan(0);
		for (const file of examples) expect(readme).toContain(path.basename(file));
	});
});
