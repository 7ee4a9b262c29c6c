// The polling trigger in a real n8n ($N8N_VERSION, `n8n start`), the way it runs in production:
// published, activated (n8n polls once at activation), stopped, and started again with its cursor
// in n8n's database. Each pollWorkflowOnce() is one such start: one poll, the executions it caused,
// the static data n8n saved. The tests run in order and share the trigger's history.
import fs from 'node:fs';

import { WhatConvertsServer } from '../server';
import type { Lead } from '../server';
import type { PollResult } from './n8n';
import * as n8n from './n8n';
import { credential, output, triggerWorkflow } from './workflows';

const SETUP_TIMEOUT_MS = 20 * 60_000;
const WORKFLOW_ID = 'e2ePolling';
const TRIGGER = 'WhatConverts Trigger';

/** Demo data, profile key: the account a no-code builder connects to their CRM. */
const server = new WhatConvertsServer({ seed: 'demo' });
const cursorOf = (result: PollResult) => result.staticData?.[`node:${TRIGGER}`];
const emitted = (result: PollResult) => result.executions.flatMap((execution) => output(execution, TRIGGER).map((item) => item.lead_id));
const ids = (leads: Lead[]) => leads.map((lead) => lead.lead_id);
const leadRequests = () => server.log.filter((r) => r.path === '/leads').map((r) => [r.query.order, r.status]);

let userFolder: string;
let cursorAfterIdlePoll: unknown;

beforeAll(async () => {
	await server.start();
	userFolder = n8n.makeUserFolder();
	await n8n.importCredentials(userFolder, [credential('pollingAccount', server, server.keys.profile)]);
	const trigger = triggerWorkflow(WORKFLOW_ID, {
		name: TRIGGER,
		type: n8n.TYPES.trigger,
		// Once a year (1 January, 03:00), so that no scheduled poll comes between the polls the tests
		// make; n8n's default, every minute, is more than a profile key's daily quota.
		parameters: { event: 'newLead', pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 3 1 1 *' }] } },
		credentials: { whatConvertsApi: { id: 'pollingAccount', name: 'pollingAccount' } },
	});
	await n8n.importWorkflows(userFolder, [trigger]);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await server.stop();
	if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
});

beforeEach(() => {
	server.log.length = 0;
});

it('activation starts from now: no old lead is emitted, and the cursor is saved at once, for one request', async () => {
	expect(server.data.leads.length).toBeGreaterThan(1000);
	const result = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
	expect(result.activationErrors).toEqual([]);
	expect(result.executions).toEqual([]);
	// Saved by the poll n8n runs at activation, so a lead that arrives before the first scheduled poll
	// is already after the cursor.
	expect(cursorOf(result)).toEqual(expect.objectContaining({ key: expect.any(String), from: expect.any(Number) }));
	expect(leadRequests()).toEqual([['desc', 200]]);
});

it('leads that arrived while n8n was stopped are emitted at the next start, once and oldest first', async () => {
	const arrived = [
		server.addLead({ lead_type: 'phone_call' }),
		server.addLead({ lead_type: 'web_form' }),
		server.addLead({ lead_type: 'chat' }),
	];
	const result = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
	expect(result.activationErrors).toEqual([]);
	expect(result.executions).toHaveLength(1);
	expect(result.executions[0]).toEqual(expect.objectContaining({ mode: 'trigger', status: 'success' }));
	expect(emitted(result)).toEqual(ids(arrived));
	expect(leadRequests()).toEqual([['asc', 200]]);
});

it('a poll with nothing new starts no execution and costs one request', async () => {
	const result = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
	expect(result.activationErrors).toEqual([]);
	expect(result.executions).toEqual([]);
	expect(leadRequests()).toEqual([['asc', 200]]);
	cursorAfterIdlePoll = cursorOf(result);
});

it('a poll stopped on page 2 of 3 by the spent daily quota emits nothing; the next start emits all 6,000 leads once', async () => {
	// 6,000 leads in the last minute and a half, a hundred to each second, after the cursor (all in the
	// past: a read stops at the moment it began, and leads dated later are the next poll's).
	const burst = server.addLeads(6000, { startAt: new Date(Date.now() - 90_000).toISOString(), stepSeconds: 0.01 });
	server.setQuotaUsed('profile', 999);

	const failed = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
	expect(failed.executions).toEqual([]);
	expect(failed.activationErrors.join('\n')).toMatch(/daily/i);
	expect(cursorOf(failed)).toEqual(cursorAfterIdlePoll);
	expect(leadRequests().slice(0, 2)).toEqual([
		['asc', 200],
		['asc', 429],
	]);

	server.setQuotaUsed('profile', 0);
	server.log.length = 0;
	const caughtUp = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
	expect(caughtUp.activationErrors).toEqual([]);
	expect(caughtUp.executions).toHaveLength(1);
	expect(emitted(caughtUp)).toEqual(ids(burst));
	expect(leadRequests()).toEqual([
		['asc', 200],
		['asc', 200],
		['asc', 200],
	]);

	server.log.length = 0;
	const idle = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
	expect(idle.executions).toEqual([]);
	// The 6,000 are still in the hour New Lead looks back (it waits that long for calls to end): ⌈6,000 ÷ 2,500⌉ requests.
	expect(leadRequests()).toEqual([
		['asc', 200],
		['asc', 200],
		['asc', 200],
	]);
});
