// The package in n8n's editor, in a real browser, as a user meets it: the node panel finds it,
// "Get many leads" with an account and a profile picked from the lists runs and shows the leads,
// the credential dialog tests the key, "Fetch Test Event" on an example's trigger shows the newest
// lead, an example runs from its "Execute workflow" button, and every example opens whole at
// 1440×900. `npm run screenshots` keeps the screenshots of these steps in docs/images/.
import fs from 'node:fs';

import type { Browser, Page } from 'playwright-core';

import { WhatConvertsServer } from '../server';
import type { Lead } from '../server';
import { addFilter, canvasProblems, openEditor, openList, pick, screenshot } from './browser';
import * as n8n from './n8n';
import type { N8nServer } from './n8n';
import { credential, examples } from './workflows';

const SETUP_TIMEOUT_MS = 20 * 60_000;

/** The examples' WhatConverts account: demo data, master key. */
const sandbox = new WhatConvertsServer({ seed: 'demo' });
const visible = () => sandbox.data.leads.filter((lead) => !lead.spam && !lead.duplicate);
const newestFirst = (leads: Lead[]) =>
	[...leads].sort((a, b) => Date.parse(b.date_created) - Date.parse(a.date_created) || b.lead_id - a.lead_id);

let userFolder: string;
let srv: N8nServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	await sandbox.start();
	examples.addYesterdaysLeads(sandbox);
	userFolder = n8n.makeUserFolder();
	const { id, name } = examples.EXAMPLE_CREDENTIAL;
	await n8n.importCredentials(userFolder, [{ ...credential(id, sandbox, sandbox.keys.master), name }]);
	await n8n.importWorkflows(
		userFolder,
		examples.loadExamples().map((example) => example.workflow),
	);
	srv = await n8n.startN8n(userFolder);
	await n8n.restSession(srv); // sets the owner up
	({ browser, page } = await openEditor(srv));
	// leaving an unsaved workflow asks first (n8n 1.x)
	page.on('dialog', (dialog) => void dialog.accept());
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await srv?.stop();
	await sandbox.stop();
	if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
});

beforeEach(() => {
	sandbox.log.length = 0;
});

it('the node panel finds the node; Get many leads with an account and a profile from the lists shows their newest leads', async () => {
	await page.goto(`${srv.url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('manual');
	// "Manual Trigger" in 1.x
	await page
		.getByTestId('node-creator-node-item')
		.filter({ hasText: /^(Trigger manually|Manual Trigger)/ })
		.click();

	await page.getByTestId('canvas-handle-plus').click();
	await page.getByTestId('node-creator-search-bar').fill('WhatConverts');
	// one entry for the node with its triggers, one for the webhook trigger
	const found = page.getByTestId('item-iterator-item').filter({ hasText: 'WhatConverts' });
	await found.first().waitFor();
	expect((await found.allInnerTexts()).map((text) => text.split('\n')[0])).toEqual(['WhatConverts', 'WhatConverts Webhook']);
	await found.first().click();
	const actions = page.getByTestId('item-iterator-item');
	await actions.filter({ hasText: 'Get many leads' }).waitFor();
	expect(await actions.allInnerTexts()).toEqual(
		expect.arrayContaining(['Get many leads', 'Create a lead', 'Download a call recording', 'Get many accounts']),
	);
	await screenshot(page, 'node-panel');

	await actions.filter({ hasText: 'Get many leads' }).click();
	await expect(page.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe(examples.EXAMPLE_CREDENTIAL.name);

	// an agency account with more than one profile
	const account = sandbox.data.accounts.find((a) => sandbox.data.profiles.filter((p) => p.account_id === a.account_id).length > 1)!;
	const profiles = sandbox.data.profiles.filter((p) => p.account_id === account.account_id);
	await addFilter(page, 'Account');
	expect((await openList(page, 'accountId')).sort()).toEqual(sandbox.data.accounts.map((a) => a.account_name).sort());
	await pick(page, account.account_name);
	await addFilter(page, 'Profile');
	// only the chosen account's profiles
	expect((await openList(page, 'profileId')).sort()).toEqual(profiles.map((p) => p.profile_name).sort());
	await screenshot(page, 'pickers');
	await pick(page, profiles[0].profile_name);

	await page.getByTestId('node-execute-button').click();
	await page.getByTestId('run-data-item-count').filter({ hasText: '50 items' }).waitFor();
	const newest = newestFirst(visible().filter((lead) => lead.profile_id === profiles[0].profile_id));
	const rows = page.getByTestId('output-panel').locator('tbody tr');
	await expect(rows.first().innerText()).resolves.toContain(String(newest[0].lead_id));
	const leadRequests = sandbox.log.filter((r) => r.path === '/leads');
	expect(leadRequests.map((r) => [r.query.account_id, r.query.profile_id, r.query.leads_per_page, r.status])).toEqual([
		[String(account.account_id), String(profiles[0].profile_id), '50', 200],
	]);
	await screenshot(page, 'get-many-leads');
});

it('the credential dialog tests the key at once: one request of one lead', async () => {
	await page.getByTestId('credential-edit-button').click();
	await page.getByText('Connection tested successfully').waitFor();
	expect(sandbox.log.map((r) => [r.path, r.query.leads_per_page, r.status])).toEqual([['/leads', '1', 200]]);
	await screenshot(page, 'credential');
	await page.getByRole('button', { name: 'Retry' }).click();
	for (const deadline = Date.now() + 10_000; sandbox.log.length < 2 && Date.now() < deadline; ) await page.waitForTimeout(100);
	await page.getByText('Connection tested successfully').waitFor();
	expect(sandbox.log.map((r) => [r.path, r.query.leads_per_page, r.status])).toEqual([
		['/leads', '1', 200],
		['/leads', '1', 200],
	]);
	await page.keyboard.press('Escape');
});

it("Fetch Test Event on the HubSpot example's trigger shows the newest lead, for one request", async () => {
	await page.goto(`${srv.url}/workflow/wcExLeadHubspot`);
	const trigger = page.getByTestId('canvas-node').filter({ hasText: 'New WhatConverts lead' });
	await trigger.waitFor();
	await screenshot(page, 'example-workflow');
	await trigger.dblclick();
	const fetchButton = page.getByTestId('node-execute-button');
	await expect(fetchButton.innerText()).resolves.toBe('Fetch Test Event');
	sandbox.log.length = 0;
	await fetchButton.click();
	await page.getByTestId('run-data-item-count').filter({ hasText: '1 item' }).waitFor();
	await expect(page.getByTestId('output-panel').locator('tbody tr').first().innerText()).resolves.toContain(
		String(newestFirst(visible())[0].lead_id),
	);
	expect(sandbox.log.map((r) => [r.path, r.query.order, r.query.leads_per_page, r.status])).toEqual([['/leads', 'desc', '1', 200]]);
	await screenshot(page, 'fetch-test-event');
});

it("the nightly report example runs from Execute workflow: every page of yesterday's leads, counted by source", async () => {
	await page.goto(`${srv.url}/workflow/wcExNightReport`);
	await page.getByTestId('execute-workflow-button').click();
	const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
	const leads = visible().filter((lead) => lead.date_created.startsWith(yesterday));
	const sources = new Set(leads.map((lead) => lead.lead_source)).size;
	await page
		.getByTestId('edge-label')
		.filter({ hasText: `${leads.length} items` })
		.waitFor();
	await page
		.getByTestId('edge-label')
		.filter({ hasText: `${sources} items` })
		.first()
		.waitFor();
	expect(leads.length).toBeGreaterThan(2500);
	expect(sandbox.log.map((r) => [r.path, r.query.start_date, r.query.page_number, r.status])).toEqual([
		['/leads', `${yesterday}T00:00:00Z`, '1', 200],
		['/leads', `${yesterday}T00:00:00Z`, '1', 200],
	]);
	await screenshot(page, 'nightly-report');
});

it('every example opens at 1440×900 with its notes whole and no node under the Execute workflow button', async () => {
	await page.setViewportSize({ width: 1440, height: 900 });
	const seen: Array<[string, number, boolean, string[]]> = [];
	const expected: typeof seen = [];
	for (const { workflow } of examples.loadExamples()) {
		await page.goto(`${srv.url}/workflow/${workflow.id}`);
		await page.getByTestId('canvas-node').first().waitFor();
		// the canvas fits the workflow into view once its nodes are measured
		await page.waitForTimeout(1000);
		await page.mouse.move(0, 0);
		const { notes, nodes, problems } = await canvasProblems(page);
		const isNote = (node: { type: string }) => node.type === 'n8n-nodes-base.stickyNote';
		seen.push([workflow.id, notes, nodes >= workflow.nodes.filter((node) => !isNote(node)).length, problems]);
		expected.push([workflow.id, workflow.nodes.filter(isNote).length, true, []]);
	}
	expect(seen).toEqual(expected);
});
