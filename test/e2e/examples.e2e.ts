// The example workflows (examples/*.json) and the triggers in a real, running n8n ($N8N_VERSION,
// `n8n start`) with the package installed as a community package, run the way a user runs them:
// "Execute workflow" / "Fetch Test Event" in the editor (n8n's REST API), and a published webhook
// called over HTTP.
//
// The examples are imported as shipped into a fresh n8n left at its defaults, file access included
// (its own HOME, so no ~/.n8n-files). The HubSpot example runs up to the node before HubSpot (there
// are no HubSpot credentials here): its trigger and field mapping run for real. The commands
// `npm start` prints for the examples that wait for a request are run as printed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { recordingFor, WhatConvertsServer } from '../server';
import type { Lead } from '../server';
import * as n8n from './n8n';
import type { N8nServer } from './n8n';
import type { Workflow } from './workflows';
import { binaryBytes, credential, examples, firstItem, output, triggerWorkflow, zipEntries } from './workflows';

const SETUP_TIMEOUT_MS = 20 * 60_000;
const WEBHOOK_ID = 'e2e-whatconverts-leads';
const WEBHOOK_SECRET = 'e2e-Hook-Secret-4k9';
const DAY_MS = 86_400_000;

/** The examples' WhatConverts account: demo data, master key. */
const sandbox = new WhatConvertsServer({ seed: 'demo' });
/** The trigger check's account: demo data, profile key. */
const triggerServer = new WhatConvertsServer({ seed: 'demo' });

const visible = (server: WhatConvertsServer) => server.data.leads.filter((lead) => !lead.spam && !lead.duplicate);
const newestOf = (leads: Lead[]) =>
	leads.reduce((a, b) =>
		Date.parse(b.date_created) > Date.parse(a.date_created) || (b.date_created === a.date_created && b.lead_id > a.lead_id) ? b : a,
	);
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let userFolder: string;
/** n8n's HOME: a fresh one, without the ~/.n8n-files n8n 2.x restricts file access to by default. */
let home: string;
let srv: N8nServer;
let imported: Workflow[];

beforeAll(async () => {
	await Promise.all([sandbox.start(), triggerServer.start()]);

	userFolder = n8n.makeUserFolder();
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-home-'));
	const { id, name } = examples.EXAMPLE_CREDENTIAL;
	await n8n.importCredentials(userFolder, [
		{ ...credential(id, sandbox, sandbox.keys.master), name },
		credential('triggerAccount', triggerServer, triggerServer.keys.profile),
	]);
	imported = examples.loadExamples().map((example) => example.workflow);
	// The offline-sales example's note asks a master-key user to pick the Profile: as they would.
	const findOrCreate = imported.find((w) => w.id === 'wcExOfflineSales')!.nodes.find((node) => node.type === n8n.TYPES.node)!;
	findOrCreate.parameters.profileId = { __rl: true, mode: 'list', value: String(sandbox.data.profiles[0].profile_id) };
	examples.addYesterdaysLeads(sandbox);
	const triggerOnly = triggerWorkflow('e2eTrigger', {
		name: 'WhatConverts Trigger',
		type: n8n.TYPES.trigger,
		parameters: { event: 'newLead' },
		credentials: { whatConvertsApi: { id: 'triggerAccount', name: 'triggerAccount' } },
	});
	const webhookTrigger = triggerWorkflow('e2eWebhook', {
		name: 'WhatConverts Webhook Trigger',
		type: n8n.TYPES.webhookTrigger,
		webhookId: WEBHOOK_ID,
		parameters: { events: ['new'], leadTypes: ['phone_call', 'web_form'], secret: WEBHOOK_SECRET, onlyCompleted: true },
	});
	await n8n.importWorkflows(userFolder, [...imported, triggerOnly, webhookTrigger]);
	await n8n.publishWorkflow(userFolder, 'wcExDealWon');
	await n8n.publishWorkflow(userFolder, 'wcExOfflineSales');
	await n8n.publishWorkflow(userFolder, 'e2eWebhook');
	srv = await n8n.startN8n(userFolder, { env: { HOME: home } });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await srv?.stop();
	await Promise.all([sandbox.stop(), triggerServer.stop()]);
	for (const dir of [userFolder, home]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
	sandbox.log.length = 0;
	triggerServer.log.length = 0;
});

it('installed as a community package: the node, its AI tool, both triggers and the credential; every example node is known', async () => {
	const headers = await n8n.restSession(srv);
	const nodes = (await (await fetch(`${srv.url}/types/nodes.json`, { headers })).json()) as Array<{
		name: string;
		version: number | number[];
	}>;
	const credentials = (await (await fetch(`${srv.url}/types/credentials.json`, { headers })).json()) as Array<{ name: string }>;
	const versions = new Map<string, number[]>();
	for (const type of nodes) versions.set(type.name, [...(versions.get(type.name) ?? []), ...[type.version].flat()]);
	const { node, tool, trigger, webhookTrigger } = n8n.TYPES;
	expect([node, tool, trigger, webhookTrigger].map((type) => [type, versions.get(type)])).toEqual(
		[node, tool, trigger, webhookTrigger].map((type) => [type, [1]]),
	);
	expect([...versions.keys()].filter((type) => /whatconverts/i.test(type)).sort()).toEqual([node, tool, trigger, webhookTrigger].sort());
	expect(credentials.filter((type) => /whatconverts/i.test(type.name)).map((type) => type.name)).toEqual([n8n.TYPES.credential]);

	expect(imported.map((w) => w.id).sort()).toEqual([
		'wcExAgentTools',
		'wcExDealWon',
		'wcExLeadHubspot',
		'wcExNightReport',
		'wcExOfflineSales',
		'wcExRecordings',
		'wcExSalesToDeal',
	]);
	// n8n 1.x saves a workflow's static data (a polling trigger's cursor) only when its id has at most
	// 16 characters
	expect(imported.filter((w) => w.id.length > 16)).toEqual([]);
	for (const example of examples.loadExamples()) {
		for (const exampleNode of example.workflow.nodes) {
			const known = versions.get(exampleNode.type)?.includes(exampleNode.typeVersion ?? 1);
			expect([example.file, exampleNode.name, exampleNode.type, known]).toEqual([example.file, exampleNode.name, exampleNode.type, true]);
		}
	}
});

it("nightly report: yesterday's leads, every page, counted and summed by source", async () => {
	// Yesterday (UTC, as the workflow reckons it when it runs, a moment later) has more than a page of
	// leads (as in `npm start`'s sandbox), some from a source of their own.
	const yesterday = utcDay(Date.now() - DAY_MS);
	sandbox.addLeads(6, { startAt: `${yesterday}T09:00:00Z`, stepSeconds: 3600, lead_source: 'e2e-mailing', sales_value: 100 });
	const execution = await n8n.executeManually(srv, 'wcExNightReport', { triggerNode: 'Every night at 01:00' });
	expect(execution.status).toBe('success');
	const leads = visible(sandbox).filter((lead) => lead.date_created.startsWith(yesterday));
	const expected = new Map<string, { count: number; sum: number }>();
	for (const lead of leads) {
		const row = expected.get(String(lead.lead_source)) ?? { count: 0, sum: 0 };
		row.count++;
		row.sum += lead.sales_value ?? 0;
		expected.set(String(lead.lead_source), row);
	}
	const report = output(execution, 'Most leads first');
	expect(report.map((row) => [String(row.lead_source), row.count_lead_id, row.sum_sales_value]).sort()).toEqual(
		[...expected].map(([source, row]) => [source, row.count, row.sum]).sort(),
	);
	expect(report.find((row) => row.lead_source === 'e2e-mailing')).toMatchObject({ count_lead_id: 6, sum_sales_value: 600 });
	const counts = report.map((row) => Number(row.count_lead_id));
	expect(counts).toEqual([...counts].sort((a, b) => b - a));
	expect(leads.length).toBeGreaterThan(2500);
	// Newest first: the second request ends at the second of the last lead the first one read.
	const lastOfFirstPage = [...leads].sort((a, b) => b.date_created.localeCompare(a.date_created))[2499].date_created;
	expect(sandbox.log.map((r) => [r.path, r.query.start_date, r.query.end_date, r.query.page_number, r.status])).toEqual([
		['/leads', `${yesterday}T00:00:00Z`, `${yesterday}T23:59:59Z`, '1', 200],
		['/leads', `${yesterday}T00:00:00Z`, lastOfFirstPage, '1', 200],
	]);
});

it('new lead → HubSpot contact: the trigger fetches the newest lead and maps it to contact fields', async () => {
	const lead = sandbox.addLead({
		lead_type: 'web_form',
		contact_name: 'Jordan Lee Smith',
		contact_email_address: 'jordan.smith@example.com',
		contact_phone_number: '+15125550199',
		contact_company_name: 'Smith Dental',
		lead_source: 'google',
		lead_medium: 'cpc',
		lead_campaign: 'Search - Brand',
	});
	const execution = await n8n.executeManually(srv, 'wcExLeadHubspot', {
		triggerNode: 'New WhatConverts lead',
		destinationNode: 'Has an email',
	});
	expect(execution.status).toBe('success');
	expect(output(execution, 'New WhatConverts lead').map((item) => item.lead_id)).toEqual([lead.lead_id]);
	expect(output(execution, 'Has an email')).toEqual([
		{
			email: 'jordan.smith@example.com',
			firstName: 'Jordan',
			lastName: 'Lee Smith',
			phone: '+15125550199',
			company: 'Smith Dental',
			city: lead.city,
			state: lead.state,
			zip: lead.zip,
			note: `Web Form lead ${lead.lead_id} from google / cpc (Search - Brand) on ${lead.date_created}`,
			whatconvertsLeadId: lead.lead_id,
		},
	]);
	expect(Object.keys(execution.data!.resultData.runData)).not.toContain('Create or update HubSpot contact');
	expect(sandbox.log.map((r) => [r.path, r.query.order, r.query.leads_per_page])).toEqual([['/leads', 'desc', '1']]);
});

it("CRM deal won → the lead's sales value: the published webhook updates the lead and answers with it", async () => {
	const lead = visible(sandbox)[2500];
	const res = await fetch(`${srv.url}/webhook/whatconverts-deal-won`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ lead_id: lead.lead_id, amount: 1250 }),
	});
	expect(res.status).toBe(200);
	expect(await res.json()).toMatchObject({ lead_id: lead.lead_id, sales_value: 1250, quotable: 'Yes' });
	expect(sandbox.data.lead(lead.lead_id)).toMatchObject({ sales_value: 1250, quotable: 'Yes' });
	expect(sandbox.log.map((r) => [r.method, r.path, r.body])).toEqual([
		['POST', `/leads/${lead.lead_id}`, { quotable: 'yes', sales_value: '1250' }],
	]);
});

describe('offline sales → Find or Create Lead, one lead per sale', () => {
	type Sale = { email: string; amount: number; order_id: string; date: string };
	const send = async (rows: Sale[]) => {
		const res = await fetch(`${srv.url}/webhook/whatconverts-offline-sales`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rows }),
		});
		expect(res.status).toBe(200);
		return (await res.json()) as Array<Record<string, unknown>>;
	};
	const posts = () => sandbox.log.filter((r) => r.method === 'POST');
	const second = (day: string, n: number) => new Date(Date.parse(`${day}T09:00:00Z`) + n * 1000).toISOString().replace(/\.000Z$/, 'Z');
	// 50 customers with two sales each, on two days.
	const rows: Sale[] = Array.from({ length: 100 }, (_, i) => ({
		email: `buyer${i % 50}@offline.example`,
		amount: 100 + i,
		order_id: `A-${i}`,
		date: second(i < 50 ? '2025-05-02' : '2025-05-09', i),
	}));
	let first: Array<Record<string, unknown>>;
	let before: number;

	it("every sale lands once: a repeat customer's second sale is a lead of its own", async () => {
		before = sandbox.data.leads.length;
		first = await send(rows);
		expect(first.map((lead) => [lead.created, lead.email_address, lead.sales_value, lead.transaction_id, lead.date_created])).toEqual(
			rows.map((r) => [true, r.email, r.amount, r.order_id, r.date]),
		);
		expect(new Set(first.map((lead) => lead.lead_id)).size).toBe(100);
		expect(sandbox.data.leads.length).toBe(before + 100);
		expect(posts()).toHaveLength(100);
		// A new sale: four lookups (unmarked leads, then spam, duplicate and both) and the create.
		expect(sandbox.log).toHaveLength(500);
	});

	it('the same rows again make none, one request each', async () => {
		const again = await send(rows);
		expect(again.map((lead) => [lead.created, lead.lead_id])).toEqual(first.map((lead) => [false, lead.lead_id]));
		expect(sandbox.data.leads.length).toBe(before + 100);
		expect(posts()).toHaveLength(0);
		expect(sandbox.log).toHaveLength(100);
	});

	it('the same rows from two executions at once make none', async () => {
		const both = await Promise.all([send(rows), send(rows)]);
		for (const answer of both)
			expect(answer.map((lead) => [lead.created, lead.lead_id])).toEqual(first.map((lead) => [false, lead.lead_id]));
		expect(sandbox.data.leads.length).toBe(before + 100);
		expect(posts()).toHaveLength(0);
		expect(sandbox.log.length).toBeLessThanOrEqual(200);
	});

	it('a new sale sent by two executions at once makes one lead: the second waits for the first', async () => {
		const sale = { email: 'overlap@offline.example', amount: 70, order_id: 'B-1', date: '2025-05-03T12:00:00Z' };
		const marker = { email: 'marker@offline.example', amount: 5, order_id: 'B-2', date: '2025-05-03T12:00:00Z' };
		// The first execution is held at its create; the second, whose other row's lookup is held too,
		// has then started all its rows.
		const create = sandbox.hold({ method: 'POST', path: '/leads', times: 1 });
		const firstRun = send([sale]);
		await create.reached(1);
		const held = sandbox.hold({ method: 'GET', path: '/leads', query: { email_address: marker.email }, times: 1 });
		const secondRun = send([{ ...sale, email: 'Overlap@Offline.example' }, marker]);
		await Promise.race([held.reached(1), secondRun]);
		create.open();
		held.open();
		const [a, b] = await Promise.all([firstRun, secondRun]);
		expect(a.map((lead) => [lead.created, lead.email_address])).toEqual([[true, sale.email]]);
		expect(b.map((lead) => [lead.created, lead.lead_id])).toEqual([
			[false, a[0].lead_id],
			[true, expect.any(Number)],
		]);
		expect(sandbox.data.leads.filter((lead) => lead.email_address === sale.email)).toHaveLength(1);
		expect(posts().map((r) => r.body.email_address)).toEqual([sale.email, marker.email]);
	});
});

describe('the commands `npm start` prints for the examples that wait for a request, run as printed', () => {
	const printed = (workflowId: string, leadId = 0) => examples.requestsFor(imported.find((w) => w.id === workflowId)!, srv.url, { leadId });
	const webhookOf = (workflowId: string, leadId?: number) => {
		const [request] = printed(workflowId, leadId);
		if (request.kind !== 'webhook') throw new Error(`${workflowId} waits for no webhook`);
		return request;
	};
	// asynchronously: the WhatConverts sandbox answering n8n runs in this process
	const run = async (command: string) => JSON.parse((await promisify(execFile)('sh', ['-c', command])).stdout) as unknown;

	it("one command for each webhook example, and the MCP example's URL", () => {
		const kinds = imported.map((w) => [w.id, printed(w.id).map((r) => r.kind)]).filter(([, kinds]) => kinds.length);
		expect(kinds).toEqual([
			['wcExAgentTools', ['mcp']],
			['wcExDealWon', ['webhook']],
			['wcExOfflineSales', ['webhook']],
		]);
		expect(printed('wcExAgentTools')).toEqual([{ kind: 'mcp', node: 'MCP Server Trigger', url: `${srv.url}/mcp/whatconverts` }]);
		expect(webhookOf('wcExDealWon', 7).curl('http://x/y')).toBe(
			`curl -sS -X POST 'http://x/y' -H 'content-type: application/json' -d '{"lead_id":7,"amount":1250}'`,
		);
	});

	it("CRM deal won: the production URL (published) and the test URL (after Execute workflow) set the lead's sales value", async () => {
		const [first, second] = visible(sandbox).slice(2600, 2602);
		expect(await run(webhookOf('wcExDealWon', first.lead_id).curl(webhookOf('wcExDealWon').productionUrl))).toMatchObject({
			lead_id: first.lead_id,
			sales_value: 1250,
			quotable: 'Yes',
		});
		expect(sandbox.data.lead(first.lead_id)).toMatchObject({ sales_value: 1250, quotable: 'Yes' });

		await n8n.listenForTestEvent(srv, 'wcExDealWon', 'CRM deal won');
		const request = webhookOf('wcExDealWon', second.lead_id);
		expect(await run(request.curl(request.testUrl))).toMatchObject({ lead_id: second.lead_id, sales_value: 1250 });
		expect(sandbox.log.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `/leads/${first.lead_id}`, { quotable: 'yes', sales_value: '1250' }],
			['POST', `/leads/${second.lead_id}`, { quotable: 'yes', sales_value: '1250' }],
		]);
	});

	it('offline sales: the sample rows become leads once; sent again, to the test URL, they find them', async () => {
		const request = webhookOf('wcExOfflineSales');
		const { rows } = request.body as { rows: Array<{ email: string; amount: number }> };
		const created = (await run(request.curl(request.productionUrl))) as Array<Record<string, unknown>>;
		expect(created.map((lead) => [lead.created, lead.email_address, lead.sales_value])).toEqual(rows.map((r) => [true, r.email, r.amount]));

		await n8n.listenForTestEvent(srv, 'wcExOfflineSales', 'Sales rows');
		const again = (await run(request.curl(request.testUrl))) as Array<Record<string, unknown>>;
		expect(again.map((lead) => [lead.created, lead.lead_id])).toEqual(created.map((lead) => [false, lead.lead_id]));
		expect(sandbox.log.filter((r) => r.method === 'POST')).toHaveLength(rows.length);
	});
});

describe('call recordings', () => {
	const since = () => Date.parse(`${utcDay(Date.now() - 7 * DAY_MS)}T00:00:00Z`);
	const recordedCalls = () =>
		visible(sandbox).filter((l) => l.lead_type === 'Phone Call' && l.recording && Date.parse(l.date_created) >= since());

	it('as shipped, on a fresh n8n: every recorded call of the last 7 days downloaded, in one ZIP file', async () => {
		const execution = await n8n.executeManually(srv, 'wcExRecordings', { triggerNode: 'When clicking Execute workflow' });
		expect(execution.status).toBe('success');
		const recorded = recordedCalls();
		expect(recorded.length).toBeGreaterThan(3);
		const zip = firstItem(execution.data!, 'ZIP file').binary!.data;
		expect(zip.fileName).toBe(`whatconverts-recordings-${utcDay(Date.now())}.zip`);
		const entries = zipEntries(binaryBytes(userFolder, zip));
		expect([...entries.keys()].sort()).toEqual(recorded.map((l) => `recording-${l.lead_id}.mp3`).sort());
		for (const lead of recorded) expect(entries.get(`recording-${lead.lead_id}.mp3`)!.equals(recordingFor(lead.lead_id))).toBe(true);
		// Save to folder is off as shipped: nothing was written outside n8n's own folders
		expect(fs.readdirSync(home).filter((name) => name !== '.cache')).toEqual([]);

		const lists = sandbox.log.filter((r) => r.path === '/leads');
		expect(lists.map((r) => [r.query.lead_type, r.query.start_date])).toEqual([['phone_call', `${utcDay(since())}T00:00:00Z`]]);
		expect(sandbox.log.filter((r) => r.path === '/recording' && r.status === 200)).toHaveLength(recorded.length);
		expect(sandbox.log).toHaveLength(1 + recorded.length);
	});

	it('as its note says: with the folder made under ~/.n8n-files, set in Settings and Save to folder on, one MP3 per call', async () => {
		const folder = path.join(home, '.n8n-files', 'whatconverts-recordings');
		fs.mkdirSync(folder, { recursive: true });
		const execution = await n8n.executeManually(srv, 'wcExRecordings', {
			triggerNode: 'When clicking Execute workflow',
			edit: (workflow) => {
				const settings = workflow.nodes.find((node) => node.name === 'Settings')!;
				const assignments = (settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
				assignments.find((a) => a.name === 'folder')!.value = folder;
				delete workflow.nodes.find((node) => node.name === 'Save to folder')!.disabled;
			},
		});
		expect(execution.status).toBe('success');
		const recorded = recordedCalls();
		expect(fs.readdirSync(folder).sort()).toEqual(recorded.map((l) => `${l.lead_id}.mp3`).sort());
		for (const lead of recorded) {
			expect(fs.readFileSync(path.join(folder, `${lead.lead_id}.mp3`)).equals(recordingFor(lead.lead_id))).toBe(true);
		}
		expect(output(execution, 'ZIP file')).toHaveLength(1);
	});
});

it("the polling trigger's manual fetch returns the newest lead, one request each time", async () => {
	const mine = visible(triggerServer).filter((lead) => lead.profile_id === triggerServer.keys.profile.profileId);
	let execution = await n8n.executeManually(srv, 'e2eTrigger', { triggerNode: 'WhatConverts Trigger' });
	expect(execution.status).toBe('success');
	expect(output(execution, 'WhatConverts Trigger').map((item) => item.lead_id)).toEqual([newestOf(mine).lead_id]);

	const fresh = triggerServer.addLead({ lead_type: 'chat' });
	execution = await n8n.executeManually(srv, 'e2eTrigger', { triggerNode: 'WhatConverts Trigger' });
	expect(output(execution, 'WhatConverts Trigger')).toEqual([expect.objectContaining({ lead_id: fresh.lead_id, lead_type: 'Chat' })]);
	expect(triggerServer.log.map((r) => [r.path, r.query.order, r.query.leads_per_page, r.status])).toEqual([
		['/leads', 'desc', '1', 200],
		['/leads', 'desc', '1', 200],
	]);
});

describe('the webhook trigger, published', () => {
	// What WhatConverts POSTs: a lead with display labels, plus the event.
	const delivery = (lead: Lead, extra: Record<string, unknown>) => ({ ...lead, additional_fields: [], ...extra });
	const deliver = async (body: unknown, secret?: string) =>
		await fetch(`${srv.url}/webhook/${WEBHOOK_ID}/whatconverts${secret === undefined ? '' : `?secret=${encodeURIComponent(secret)}`}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	/** The workflow's executions once those started by the deliveries so far have finished. */
	const executionsSettled = async () => {
		for (let waited = 0; ; waited += 250) {
			const executions = await n8n.readExecutions(userFolder, { workflowId: 'e2eWebhook' });
			if (waited >= 1500 && executions.every((e) => e.status !== 'new' && e.status !== 'running')) return executions;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	};
	const ofType = (type: string) => visible(sandbox).find((lead) => lead.lead_type === type)!;

	it('refuses a missing or wrong secret with 401, starts nothing, and passes only completed new calls and forms', async () => {
		const call = ofType('Phone Call');
		// (a call's lead_state is set in each delivery: the demo data has calls of both states)
		const form = ofType('Web Form');
		const chat = ofType('Chat');

		for (const secret of [undefined, 'not-the-secret']) {
			const res = await deliver(delivery(call, { trigger: 'new' }), secret);
			expect([secret, res.status]).toEqual([secret, 401]);
			expect(await res.text()).not.toContain(WEBHOOK_SECRET);
		}
		const ignored = [
			delivery(call, { trigger: 'new', lead_state: 'In Progress' }),
			delivery(call, { trigger: 'update', lead_state: 'Completed' }),
			delivery(chat, { trigger: 'new' }),
		];
		for (const body of ignored) {
			const res = await deliver(body, WEBHOOK_SECRET);
			expect(res.status).toBe(200);
			expect(await res.json()).toMatchObject({ started: false });
		}
		expect(await executionsSettled()).toEqual([]);

		for (const lead of [call, form])
			expect((await deliver(delivery(lead, { trigger: 'new', lead_state: 'Completed' }), WEBHOOK_SECRET)).status).toBe(200);
		const executions = await executionsSettled();
		expect(executions.map((e) => [e.mode, e.status])).toEqual([
			['webhook', 'success'],
			['webhook', 'success'],
		]);
		const started = executions.flatMap((e) => output(e, 'WhatConverts Webhook Trigger'));
		expect(started.map((item) => [item.lead_id, item.lead_type, item.additional_fields])).toEqual([
			[call.lead_id, 'Phone Call', {}],
			[form.lead_id, 'Web Form', {}],
		]);
		// The trigger sends nothing to WhatConverts.
		expect(sandbox.log).toEqual([]);
	});
});

describe("the credential's Test button", () => {
	// What the editor sends when "Test" is pressed in the dialog of a saved credential, after the
	// secret was typed in again.
	const testCredential = async (apiSecret: string) => {
		const response = await fetch(`${srv.url}/rest/credentials/test`, {
			method: 'POST',
			headers: await n8n.restSession(srv),
			body: JSON.stringify({
				credentials: {
					id: examples.EXAMPLE_CREDENTIAL.id,
					name: examples.EXAMPLE_CREDENTIAL.name,
					type: 'whatConvertsApi',
					data: { apiToken: sandbox.keys.master.token, apiSecret, baseUrl: sandbox.baseUrl },
				},
			}),
		});
		if (response.status !== 200) throw new Error(`credential test: HTTP ${response.status} ${await response.text()}`);
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	};

	it('accepts a right token and secret with one request of one lead', async () => {
		expect((await testCredential(sandbox.keys.master.secret)).status).toBe('OK');
		expect(sandbox.log.map((r) => [r.path, r.query.leads_per_page, r.status])).toEqual([['/leads', '1', 200]]);
	});

	it('says plainly that a wrong secret was rejected', async () => {
		const result = await testCredential('not-the-secret');
		expect(result.status).toBe('Error');
		// n8n 1.x's credential tester words a 401 itself
		expect(result.message).toMatch(
			n8n.N8N_VERSION.startsWith('1.') ? /^Authorization failed/ : /WhatConverts rejected the API token or secret/,
		);
		// n8n's credential tester tries a rejected request once more itself.
		expect(sandbox.log.length).toBeLessThanOrEqual(2);
		expect(sandbox.log.every((r) => r.status === 401 && r.path === '/leads')).toBe(true);
	});
});
