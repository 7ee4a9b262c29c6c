// What n8n's verification asks of a community package that no maintained lint rule checks, on the
// built package: package.json, the classes at the paths its `n8n` block names, their descriptions,
// codex files, icons and published JavaScript, and the nodes run in n8n's engine.
//
// The rules n8n maintains run in `npm run lint`: `n8n-node lint` on the source (@n8n/eslint-plugin-
// community-nodes and eslint-plugin-n8n-nodes-base, as @n8n/node-cli pins them) and the same config on
// the descriptions as n8n loads them (scripts/lint-descriptions.mjs, so parameters made by builders
// are linted too). A check belongs here only when no rule of those makes it; each says why.
// CONTRIBUTING.md ("Verification") lists every rule and guideline point with what meets it.
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

describe('package.json', () => {
	// The lint's package.json rules check the licence field, author, version, description, keywords and
	// the n8n block; require-homepage and require-files-array only warn, which the lint does not fail on.
	it('ships the MIT licence text, a homepage and its files, from a GitHub repository of its own (verification guidelines)', () => {
		expect(read('LICENSE')).toMatch(/^MIT License/);
		expect(new URL(pkg.homepage ?? '').protocol).toBe('https:');
		expect(pkg.files?.length).toBeGreaterThan(0);
		expect(pkg.repository?.url).toMatch(/^(git\+)?https:\/\/github\.com\/[^<>/]+\/[^<>/]+\.git$/);
		// a repository of its own: no monorepo folder
		expect(pkg.repository?.directory).toBeUndefined();
	});

	// no-runtime-dependencies and no-restricted-imports read package.json and the source; this reads what is published
	it('publishes JavaScript that loads nothing but n8n-workflow, crypto and its own files', () => {
		const loads = publishedJs.flatMap((file) =>
			[...walkTree(parse(file))]
				.filter((node): node is ts.CallExpression => ts.isCallExpression(node) && node.expression.getText() === 'require')
				.map((call) => [file, literal(call.arguments[0]) ?? call.arguments[0]?.getText()]),
		);
		expect(loads.length).toBeGreaterThan(0);
		expect(loads.filter(([, module]) => !/^(\.\.?\/|n8n-workflow$|(node:)?crypto$)/.test(module ?? ''))).toEqual([]);
	});

	it('is linted and released with n8n-node, published with provenance from a GitHub Action (verification guidelines)', () => {
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.scripts?.lint).toContain('n8n-node lint');
		expect(pkg.scripts?.release).toBe('n8n-node release');
		expect(pkg.publishConfig).toEqual(expect.objectContaining({ provenance: true }));
		const workflow = read('.github/workflows/publish.yml');
		expect(workflow).toMatch(/id-token:\s*write/);
		expect(workflow).toContain('npm run release');
	});
});

// node-registration-complete and no-dead-files only warn, which the lint does not fail on; they read the source, these the build.
describe('files', () => {
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
});

describe('node descriptions', () => {
	// single-credential-per-node is not a rule of the published plugin; n8n's verification asks for one service
	it('uses one credential at most (the webhook trigger needs none: WhatConverts posts to it)', () => {
		for (const description of descriptions) expect((description.credentials ?? []).length).toBeLessThanOrEqual(1);
	});

	// n8n's rules about execute() (continue on fail, paired items, an error's item index) read its body: these have none
	it('runs no execute() of its own (declarative), so the rules for execute() have nothing to apply to', () => {
		// require-continue-on-fail, missing-paired-item, node-operation-error-itemindex and
		// prefer-declarative-style look inside execute(): n8n's RoutingNode runs these nodes.
		for (const { className, instance } of nodes) {
			expect([className, typeof instance.execute]).toEqual([className, 'undefined']);
			if (!isTrigger(className)) expect(instance.description.requestDefaults).toBeDefined();
		}
	});
});

// What missing-paired-item, node-execute-block-missing-continue-on-fail and node-execute-block-error-missing-item-index
// ask of an execute(), asked of n8n's RoutingNode running these nodes: no rule can read it.
describe('items', () => {
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

// The credential rules check its names, display name, icon, test and password fields;
// credential-unnecessary-password (a password on a field that is no secret) only warns.
describe('credentials', () => {
	it('masks the secrets and only the secrets', () => {
		expect(credentials.length).toBeGreaterThan(0);
		for (const { instance } of credentials) {
			for (const property of instance.properties) {
				const sensitive =
					/password|secret|token|cert|passphrase|apikey|privatekey|authkey/i.test(property.name) && !/url|pub|id$/i.test(property.name);
				expect([property.name, Boolean(property.typeOptions?.password)]).toEqual([property.name, sensitive]);
			}
		}
	});
});

// Defaults, required: false, sorted choices, duplicate or starred choices, emoji and builder hints are
// n8n's lint rules, run on the built descriptions. These are not rules of the published plugins.
describe('parameters', () => {
	// The UX guidelines put optional parameters in a collection (Additional Fields, Options, Filters).
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

	// a hint is one line under the field; what takes longer goes in the description (a tooltip)
	it('keeps every hint to 120 characters', () => {
		expect(
			params
				.filter(({ property }) => (property.hint ?? '').length > 120)
				.map(({ where, property }) => `${where}: ${property.hint?.length}`),
		).toEqual([]);
	});

	// typed fields are checked before any request; a free-form JSON one would send whatever it holds
	it('has no optional free-form JSON parameter at the top level', () => {
		expect(
			params.filter(({ property, topLevel }) => topLevel && property.type === 'json' && !property.required).map(({ where }) => where),
		).toEqual([]);
	});
});

// No rule of the published plugins reads codex files; the verification guidelines exclude Logic and Flow nodes.
describe('codex', () => {
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

// icon-validation (files exist, file: paths, light and dark differ) and icon-prefer-themed-variants read the source.
describe('icons', () => {
	const backgrounds = { light: '#ffffff', dark: '#2b2b2b' };
	const owners = [
		...nodes.map(({ file, instance }) => ({ file, icon: instance.description.icon })),
		...credentials.map(({ file, instance }) => ({ file, icon: instance.icon })),
	];

	// the build copies them (gulpfile.js): the lint sees the source's
	it('publishes a light and a dark SVG for every node and credential', () => {
		for (const { file, icon } of owners) {
			const icons = iconsOf(file, icon);
			expect(icons.map((i) => i.theme)).toEqual(['light', 'dark']);
			for (const { path: svg } of icons) expect([svg, fs.existsSync(svg)]).toEqual([expect.stringMatching(/\.svg$/), true]);
		}
	});

	// no published rule measures contrast; an icon that vanishes on its theme is no icon

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

// no-hardcoded-secrets, no-restricted-globals, no-restricted-imports and no-silent-error-swallowing read the source in the lint.
describe('source', () => {
	const sources = [...['nodes', 'credentials'].flatMap(filesBelow).filter((file) => file.endsWith('.ts')), ...publishedJs];

	// no published rule: a node that fixed an account id would act on one account for every user
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

	// node-execute-block-error-missing-item-index reads execute() only; these errors are made elsewhere
	it('gives every NodeOperationError made in a node file an itemIndex', () => {
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
});

// The UX guidelines' points below are no lint rule's.
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

	// node-param-option-name-wrong-for-get-many and -for-upsert check two names; this the whole vocabulary
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
			// its display name and description are lint rules (node-param-display-name-wrong-for-simplify, ...)
			if (!simplify) {
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
	// node-param-display-name-miscased checks the parameters' labels; no rule reads the choices' names or the node's
	it("writes choice names and the nodes' display names in Title Case", () => {
		const labels = [
			...params.flatMap(({ where, property }) => choicesOf(property).map((choice) => [`${where} › ${String(choice.value)}`, choice.name])),
			...descriptions.map((description) => [description.name, description.displayName]),
		];
		expect(labels.length).toBeGreaterThan(50);
		expect(labels.filter(([, text]) => notTitleCase(text)).map(([where, text]) => `${where}: "${text}"`)).toEqual([]);
	});

	// node-param-description-lowercase-first-char and node-param-operation-option-action-miscased check the
	// parameters' descriptions and the actions; no rule reads hints, choices' descriptions or the node's
	it('starts every hint, choice description and node description with a capital (sentence case)', () => {
		const texts = params.flatMap(({ where, property }) => [
			[where, property.hint],
			...choicesOf(property).map((choice) => [`${where} › ${String(choice.value)}`, choice.description]),
		]);
		for (const description of descriptions) texts.push([description.name, description.description]);
		expect(texts.filter(([, text]) => text).length).toBeGreaterThan(20);
		expect(texts.filter(([, text]) => text && !/^[A-Z0-9'"“(]/.test(text)).map(([where, text]) => `${where}: ${text}`)).toEqual([]);
	});

	// the placeholder rules check e-mail and id placeholders (and a credential's URL); the guidelines ask every one
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
