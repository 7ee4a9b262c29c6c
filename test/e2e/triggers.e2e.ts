// Both triggers in a real n8n ($N8N_VERSION, the package installed as a community package), as they
// run in production: published workflows, their cursors and delivery memory in n8n's database.
// Polling: each pollWorkflowOnce() is one start of n8n (one poll, at activation); the tests of a
// describe run in order and share its history.
import fs from 'node:fs';

import { isoSec, WhatConvertsServer } from '../server';
import type { Lead } from '../server';
import type { PollResult } from './n8n';
import * as n8n from './n8n';
import { credential, output, triggerWorkflow } from './workflows';

const SETUP_TIMEOUT_MS = 20 * 60_000;
const TRIGGER = 'WhatConverts Trigger';
// Once a year (1 January, 03:00): no scheduled poll comes between the polls a test makes.
const ONCE_A_YEAR = { item: [{ mode: 'custom', cronExpression: '0 0 3 1 1 *' }] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (leads: Lead[]) => leads.map((lead) => lead.lead_id);

/** A started test server, and a user folder holding its profile key and one New Lead trigger workflow. */
async function newLeadSetup(workflowId: string, server: WhatConvertsServer, parameters: Record<string, unknown>): Promise<string> {
	await server.start();
	const userFolder = n8n.makeUserFolder();
	await n8n.importCredentials(userFolder, [credential(`${workflowId}Key`, server, server.keys.profile)]);
	const trigger = triggerWorkflow(workflowId, {
		name: TRIGGER,
		type: n8n.TYPES.trigger,
		parameters: { event: 'newLead', ...parameters },
		credentials: { whatConvertsApi: { id: `${workflowId}Key`, name: `${workflowId}Key` } },
	});
	await n8n.importWorkflows(userFolder, [trigger]);
	return userFolder;
}

describe('New Lead, published: a lead dated before a same-second burst of 2,600', () => {
	const WORKFLOW_ID = 'e2eLateLead';
	// Two minutes, so that the burst ages out of the window within the test.
	const LATE_SECONDS = 120;
	const server = new WhatConvertsServer();
	const created: Lead[] = [];
	const emitted: number[] = [];
	let userFolder: string;
	let last: PollResult | undefined;
	let burstAt = 0;

	/** One start of n8n: the leads its poll emitted, the requests it made, and what the query met. */
	const poll = async () => {
		const from = Number((last?.staticData?.[`node:${TRIGGER}`] as { from?: number } | undefined)?.from ?? 0);
		const inWindow = server.data.leads.filter((lead) => Date.parse(lead.date_created) >= from * 1000).length;
		server.log.length = 0;
		last = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
		expect(last.activationErrors).toEqual([]);
		const leads = last.executions.flatMap((execution) => output(execution, TRIGGER).map((item) => Number(item.lead_id)));
		emitted.push(...leads);
		const requests = server.log.filter((entry) => entry.path === '/leads');
		expect(requests.every((entry) => entry.status === 200)).toBe(true);
		return { leads, requests: requests.length, pagesOfWindow: Math.max(1, Math.ceil(inWindow / 2500)) };
	};

	beforeAll(async () => {
		userFolder = await newLeadSetup(WORKFLOW_ID, server, { pollTimes: ONCE_A_YEAR, options: { lateLeadMinutes: LATE_SECONDS / 60 } });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await server.stop();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('activates for one request and emits nothing', async () => {
		expect(await poll()).toEqual({ leads: [], requests: 1, pagesOfWindow: 1 });
	});

	it('emits three leads and a burst of 2,600 created in one second, oldest first, in two requests', async () => {
		created.push(...server.addLeads(3, { startAt: isoSec(Date.now() - 40_000), stepSeconds: 10 }));
		burstAt = Math.floor(Date.now() / 1000) - 1;
		created.push(...server.addLeads(2600, { startAt: isoSec(burstAt * 1000), stepSeconds: 0 }));
		const { leads, requests } = await poll();
		expect(leads).toEqual(ids(created));
		expect(requests).toBe(2);
	});

	it('emits the lead created 20 s before the burst and saved after it was read, once, with a newer one', async () => {
		const late = server.addLead({ date_created: isoSec((burstAt - 20) * 1000) });
		const newer = server.addLead();
		created.push(late, newer);
		const { leads, requests, pagesOfWindow } = await poll();
		expect(leads).toEqual([late.lead_id, newer.lead_id]);
		expect(requests).toBe(pagesOfWindow);
	});

	it(
		'idles at ⌈leads in the window ÷ 2,500⌉ requests, and at one once the burst is older than the window',
		async () => {
			const costs: Array<[number, number]> = [];
			const first = await poll();
			costs.push([first.requests, first.pagesOfWindow]);
			// The window starts LATE_SECONDS before the previous poll: one poll that late, then one more.
			await sleep(Math.max(0, (burstAt + LATE_SECONDS + 2) * 1000 - Date.now()));
			for (let i = 0; i < 2; i++) {
				const { leads, requests, pagesOfWindow } = await poll();
				expect(leads).toEqual([]);
				costs.push([requests, pagesOfWindow]);
			}
			expect(costs.map(([requests]) => requests)).toEqual(costs.map(([, pages]) => pages));
			expect(costs[costs.length - 1]).toEqual([1, 1]);
			// Each lead once, in creation order (the late one when it was saved).
			expect(emitted).toEqual(ids(created));
		},
		10 * 60_000,
	);
});

describe('New Lead every minute on a profile key', () => {
	const WORKFLOW_ID = 'e2eEveryMinute';
	const server = new WhatConvertsServer();
	let userFolder: string;

	beforeAll(async () => {
		// No poll times: n8n's default schedule, every minute.
		userFolder = await newLeadSetup(WORKFLOW_ID, server, {});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await server.stop();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('is warned in the editor, and refused with the reason when activated from the editor', async () => {
		const srv = await n8n.startN8n(userFolder);
		try {
			const headers = await n8n.restSession(srv);
			const types = (await (await fetch(`${srv.url}/types/nodes.json`, { headers })).json()) as Array<{
				name: string;
				hints?: Array<{ message: string; displayCondition?: string }>;
				properties: Array<{ name: string; displayName: string }>;
			}>;
			const type = types.find((candidate) => candidate.name === n8n.TYPES.trigger)!;
			expect(type.hints?.[0].message).toMatch(/^This schedule polls more than 1,000 times a day/);
			expect(type.hints?.[0].displayCondition).toMatch(/\$parameter\.pollTimes/);
			expect(type.properties.find((property) => property.name === 'newLeadCost')?.displayName).toMatch(
				/every minute \(n8n's default\) is 1,440 requests a day, more than the 1,000 a profile key allows/,
			);

			const { data: saved } = (await (await fetch(`${srv.url}/rest/workflows/${WORKFLOW_ID}`, { headers })).json()) as {
				data: { versionId: string };
			};
			const response = await fetch(`${srv.url}/rest/workflows/${WORKFLOW_ID}/activate`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ versionId: saved.versionId }),
			});
			const answer = await response.text();
			expect(response.status).toBeGreaterThanOrEqual(400);
			expect(answer).toContain('This schedule costs 1,440 WhatConverts requests a day: more than the 1,000 this profile key allows');
			const after = (await (await fetch(`${srv.url}/rest/workflows/${WORKFLOW_ID}`, { headers })).json()) as {
				data: { activeVersionId: string | null };
			};
			expect(after.data.activeVersionId ?? null).toBeNull();
		} finally {
			await srv.stop();
		}
		// One lead read, and one request to tell the key's kind (a profile key may not list accounts).
		expect(server.log.map((entry) => [entry.path, entry.status])).toEqual([
			['/leads', 200],
			['/accounts', 403],
		]);
	});

	it('published anyway, n8n refuses to activate it at start and says why; no lead is emitted', async () => {
		server.log.length = 0;
		const result = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID);
		expect(result.executions).toEqual([]);
		expect(result.activationErrors.join('\n')).toContain(
			'This schedule costs 1,440 WhatConverts requests a day: more than the 1,000 this profile key allows',
		);
		expect(server.log.slice(0, 2).map((entry) => [entry.path, entry.status])).toEqual([
			['/leads', 200],
			['/accounts', 403],
		]);
	});
});

describe('the webhook trigger, published: one run per lead state', () => {
	const WORKFLOW_ID = 'e2eWebhookFolds';
	const WEBHOOK = 'WhatConverts Webhook Trigger';
	const WEBHOOK_ID = 'e2e-whatconverts-repeats';
	const store = new WhatConvertsServer();
	let userFolder: string;

	const call = () => {
		const lead = store.addLead({ lead_type: 'phone_call', date_created: '2025-03-10T08:00:00Z' });
		return { ...lead, additional_fields: [] };
	};
	const deliver = async (url: string, body: unknown) => {
		const response = await fetch(`${url}/webhook/${WEBHOOK_ID}/whatconverts`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	/** The workflow's executions once those the deliveries started have finished. */
	const executionsSettled = async () => {
		for (let waited = 0; ; waited += 250) {
			const executions = await n8n.readExecutions(userFolder, { workflowId: WORKFLOW_ID });
			if (waited >= 1500 && executions.every((e) => e.status !== 'new' && e.status !== 'running')) return executions;
			await sleep(250);
		}
	};

	beforeAll(async () => {
		userFolder = n8n.makeUserFolder();
		const webhook = triggerWorkflow(WORKFLOW_ID, {
			name: WEBHOOK,
			type: n8n.TYPES.webhookTrigger,
			webhookId: WEBHOOK_ID,
			parameters: { events: ['new', 'update'] },
		});
		await n8n.importWorkflows(userFolder, [webhook]);
		await n8n.publishWorkflow(userFolder, WORKFLOW_ID);
	}, SETUP_TIMEOUT_MS);

	afterAll(() => {
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('starts one run for repeated deliveries of a lead state, also after n8n restarts', async () => {
		const lead = call();
		const inProgress = { ...lead, trigger: 'new', lead_state: 'In Progress', last_updated: '2025-03-10T08:00:00Z' };
		const completed = { ...lead, trigger: 'update', lead_state: 'Completed', last_updated: '2025-03-10T08:04:10Z' };
		let srv = await n8n.startN8n(userFolder);
		try {
			expect(await deliver(srv.url, inProgress)).toEqual({ status: 200, body: { received: true, started: true } });
			for (let i = 0; i < 2; i++) {
				expect(await deliver(srv.url, inProgress)).toEqual({
					status: 200,
					body: {
						received: true,
						started: false,
						reason: `lead ${lead.lead_id} already started a run with this trigger, lead_state and last_updated`,
					},
				});
			}
			expect((await deliver(srv.url, completed)).body).toEqual({ received: true, started: true });
			for (let i = 0; i < 2; i++) expect((await deliver(srv.url, completed)).body).toMatchObject({ started: false });
			await executionsSettled();
		} finally {
			await srv.stop();
		}
		// A new n8n process knows only what n8n saved in its database.
		srv = await n8n.startN8n(userFolder);
		try {
			expect((await deliver(srv.url, completed)).body).toMatchObject({ started: false });
			const later = { ...completed, last_updated: '2025-03-10T09:30:00Z', sales_value: 120 };
			expect((await deliver(srv.url, later)).body).toEqual({ received: true, started: true });
			const executions = await executionsSettled();
			expect(executions.map((e) => [e.mode, e.status])).toEqual([
				['webhook', 'success'],
				['webhook', 'success'],
				['webhook', 'success'],
			]);
			const started = executions.flatMap((e) => output(e, WEBHOOK));
			expect(started.map((item) => [item.lead_id, item.trigger, item.lead_state, item.last_updated])).toEqual([
				[lead.lead_id, 'new', 'In Progress', '2025-03-10T08:00:00Z'],
				[lead.lead_id, 'update', 'Completed', '2025-03-10T08:04:10Z'],
				[lead.lead_id, 'update', 'Completed', '2025-03-10T09:30:00Z'],
			]);
		} finally {
			await srv.stop();
		}
	});
});

// n8n 2.36+ only: durable poll cursors do not exist in 1.x.
if (n8n.HAS_DURABLE_POLL_CURSORS) {
	describe('New Lead with durable poll cursors: a poll killed on page 2 of 3', () => {
		const WORKFLOW_ID = 'e2eDurableCursor';
		// What a user sets (the last three are what n8n 2.37+ requires for the first to take effect),
		// and two test-only settings that make the scheduler look for due polls every second.
		const DURABLE = {
			N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
			N8N_SCHEDULER_ENABLED: 'true',
			N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
			N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
			N8N_SCHEDULER_MATERIALIZATION_INTERVAL: '1',
			N8N_SCHEDULER_EXECUTOR_INTERVAL: '1',
		};
		// Every minute at second 0 (the scheduler polls no more often); a master key allows the 1,440 a day.
		const EVERY_MINUTE = { item: [{ mode: 'custom', cronExpression: '0 * * * * *' }] };
		const HELD_MS = 10 * 60_000;
		const server = new WhatConvertsServer();
		const created: Lead[] = [];
		let userFolder: string;
		let srv: n8n.N8nServer | undefined;

		const cursor = async () => (await n8n.readPollCursors(userFolder, WORKFLOW_ID))[0]?.cursor;
		const executions = () => n8n.readExecutions(userFolder, { workflowId: WORKFLOW_ID });
		const emitted = async () => (await executions()).flatMap((execution) => output(execution, TRIGGER).map((item) => Number(item.lead_id)));
		const leadRequests = () => server.log.filter((entry) => entry.path === '/leads');
		/** Resolves with `check()`'s first truthy answer, polling every half second. */
		async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 4 * 60_000): Promise<NonNullable<T>> {
			for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(500)) {
				const value = await check();
				if (value) return value;
			}
			throw new Error(`timed out waiting for ${what}`);
		}

		beforeAll(async () => {
			await server.start();
			userFolder = n8n.makeUserFolder();
			await n8n.importCredentials(userFolder, [credential(`${WORKFLOW_ID}Key`, server, server.keys.master)]);
			const trigger = triggerWorkflow(WORKFLOW_ID, {
				name: TRIGGER,
				type: n8n.TYPES.trigger,
				parameters: { event: 'newLead', pollTimes: EVERY_MINUTE },
				credentials: { whatConvertsApi: { id: `${WORKFLOW_ID}Key`, name: `${WORKFLOW_ID}Key` } },
			});
			await n8n.importWorkflows(userFolder, [trigger]);
			await n8n.publishWorkflow(userFolder, WORKFLOW_ID);
		}, SETUP_TIMEOUT_MS);

		afterAll(async () => {
			await srv?.kill();
			await server.stop();
			if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
		});

		it(
			'emits nothing and keeps its cursor when n8n dies mid-poll; after the restart every lead is emitted exactly once',
			async () => {
				srv = await n8n.startN8n(userFolder, { env: DURABLE });
				// The first scheduled poll starts the cursor at now, in n8n's poller_state table.
				const start = await waitFor('the first poll to commit a cursor', async () => {
					const saved = await cursor();
					return saved && 'from' in saved ? saved : undefined;
				});
				expect(await executions()).toEqual([]);

				// 6,000 leads (three pages of 2,500); the answer to page 2 is held until n8n is killed.
				created.push(...server.addLeads(6000, { startAt: isoSec(Date.now() - 20_000), stepSeconds: 0.002 }));
				server.log.length = 0;
				server.injectFault({ fault: { kind: 'slow', ms: HELD_MS }, times: 1, path: '/leads', afterRequests: 1 });
				await waitFor('page 2 to be asked for', () =>
					leadRequests().some((entry) => entry.query.page_number === '2' && entry.status === 0),
				);
				await srv.kill();
				const killedAt = Date.now();
				srv = undefined;
				expect(leadRequests().map((entry) => [entry.query.page_number, entry.status])).toEqual([
					['1', 200],
					['2', 0],
				]);
				expect(await executions()).toEqual([]);
				expect(await cursor()).toEqual(start);

				// Two more arrive while n8n is down.
				server.clearFaults();
				created.push(server.addLead({ lead_type: 'web_form' }), server.addLead({ lead_type: 'chat' }));
				srv = await n8n.startN8n(userFolder, { env: DURABLE });
				const [caughtUp] = await waitFor('the catch-up execution', async () => {
					const done = (await executions()).filter((e) => e.stoppedAt);
					return done.length ? done : undefined;
				});
				expect(caughtUp).toEqual(expect.objectContaining({ mode: 'trigger', status: 'success' }));
				expect(await emitted()).toEqual(ids(created));
				const after = await cursor();
				expect(after).not.toEqual(start);

				// The next poll finds nothing new: no lead twice. The poll n8n was killed in runs again too,
				// once its claim on it has expired (a minute) and n8n has noticed (within 30 s more).
				const requestsBefore = leadRequests().length;
				await waitFor('the next poll and the rerun of the killed one', () => {
					const next = leadRequests().slice(requestsBefore);
					return Date.now() - killedAt > 100_000 && next.length > 0 && next.every((entry) => entry.status === 200);
				});
				await sleep(2000);
				expect((await executions()).length).toBe(1);
				expect(await emitted()).toEqual(ids(created));
			},
			15 * 60_000,
		);
	});
}
