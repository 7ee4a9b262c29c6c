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
const N8N_MAJOR = Number(n8n.N8N_VERSION.split('.')[0]);

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

	/**
	 * One start of n8n: the leads its poll emitted, the requests it made, and what they should be:
	 * 4 while the burst is in the window (a page; the burst's second, read whole in 2 pages; the
	 * rest of the window), else 1.
	 */
	const poll = async () => {
		const from = Number((last?.staticData?.[`node:${TRIGGER}`] as { from?: number } | undefined)?.from ?? 0);
		const costOfWindow = burstAt && burstAt >= from ? 4 : 1;
		server.log.length = 0;
		const answered = () => server.log.filter((entry) => entry.path === '/leads' && entry.status !== 0);
		last = await n8n.pollWorkflowOnce(userFolder, WORKFLOW_ID, () => answered().length >= costOfWindow);
		expect(last.activationErrors).toEqual([]);
		const leads = last.executions.flatMap((execution) => output(execution, TRIGGER).map((item) => Number(item.lead_id)));
		emitted.push(...leads);
		const requests = server.log.filter((entry) => entry.path === '/leads');
		expect(requests.every((entry) => entry.status === 200)).toBe(true);
		return { leads, requests: requests.length, costOfWindow };
	};

	beforeAll(async () => {
		// Calls not waited for: the window is the late-lead window alone.
		const options = { lateLeadMinutes: LATE_SECONDS / 60, callWaitMinutes: 0 };
		userFolder = await newLeadSetup(WORKFLOW_ID, server, { pollTimes: ONCE_A_YEAR, options });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await server.stop();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('activates for one request and emits nothing', async () => {
		expect(await poll()).toEqual({ leads: [], requests: 1, costOfWindow: 1 });
	});

	it('emits three leads and a burst of 2,600 created in one second, oldest first, in four requests', async () => {
		created.push(...server.addLeads(3, { startAt: isoSec(Date.now() - 40_000), stepSeconds: 10 }));
		burstAt = Math.floor(Date.now() / 1000) - 1;
		created.push(...server.addLeads(2600, { startAt: isoSec(burstAt * 1000), stepSeconds: 0 }));
		const { leads, requests } = await poll();
		expect(leads).toEqual(ids(created));
		expect(requests).toBe(4);
	});

	it('emits the lead created 20 s before the burst and saved after it was read, once, with a newer one', async () => {
		const late = server.addLead({ date_created: isoSec((burstAt - 20) * 1000) });
		// (dated now: a call made now would be dated when it began, as WhatConverts lists calls once they end)
		const newer = server.addLead({ date_created: isoSec(Date.now()) });
		created.push(late, newer);
		const { leads, requests, costOfWindow } = await poll();
		expect(leads).toEqual([late.lead_id, newer.lead_id]);
		expect(requests).toBe(costOfWindow);
	});

	it(
		'idles at four requests while the burst is in the window, and at one once it is older',
		async () => {
			const costs: Array<[number, number]> = [];
			const first = await poll();
			costs.push([first.requests, first.costOfWindow]);
			// The window starts LATE_SECONDS before the previous poll: one poll that late, then one more.
			await sleep(Math.max(0, (burstAt + LATE_SECONDS + 2) * 1000 - Date.now()));
			for (let i = 0; i < 2; i++) {
				const { leads, requests, costOfWindow } = await poll();
				expect(leads).toEqual([]);
				costs.push([requests, costOfWindow]);
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

describe('the polling trigger on a live account, in a running n8n', () => {
	// Two polls a minute (at :00 and :30); a master key allows the 2,880 a day, even the 5,760 of an
	// Updated Lead read of two pages.
	const TWICE_A_MINUTE = {
		item: [
			{ mode: 'custom', cronExpression: '0 * * * * *' },
			{ mode: 'custom', cronExpression: '30 * * * * *' },
		],
	};
	const HELD_MS = 45_000;
	const live = new WhatConvertsServer();
	// Calls as WhatConverts sends them, listed only once they have ended.
	const calls = new WhatConvertsServer({ behaviour: { leadShape: 'real', listsInProgress: false } });
	let userFolder: string;
	let srv: n8n.N8nServer | undefined;
	let newLeadProfile = 0;
	let updatedProfile = 0;
	let changesProfile = 0;
	const WORKFLOWS = { newLead: 'e2eLiveNew', updatedLead: 'e2eLiveUpdated', calls: 'e2eLiveCalls', changes: 'e2eLiveChanges' };

	const requestsOf = (profile: number) => live.log.filter((entry) => entry.path === '/leads' && entry.query.profile_id === String(profile));
	const emittedBy = async (workflowId: string) =>
		(await n8n.readExecutions(userFolder, { workflowId })).flatMap((execution) => output(execution, TRIGGER));
	async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 4 * 60_000): Promise<NonNullable<T>> {
		for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(500)) {
			const value = await check();
			if (value) return value;
		}
		throw new Error(`timed out waiting for ${what}`);
	}
	const trigger = (id: string, key: string, parameters: Record<string, unknown>) =>
		triggerWorkflow(id, {
			name: TRIGGER,
			type: n8n.TYPES.trigger,
			parameters: { pollTimes: TWICE_A_MINUTE, ...parameters },
			credentials: { whatConvertsApi: { id: key, name: key } },
		});

	beforeAll(async () => {
		await Promise.all([live.start(), calls.start()]);
		[newLeadProfile, updatedProfile, changesProfile] = live.data.profiles.map((profile) => profile.profile_id);
		live.addLeads(3000, { profileId: updatedProfile, startAt: isoSec(Date.now() - 10 * 86_400_000), stepSeconds: 280 });
		live.addLeads(500, { profileId: changesProfile, startAt: isoSec(Date.now() - 5 * 86_400_000), stepSeconds: 600 });
		userFolder = n8n.makeUserFolder();
		await n8n.importCredentials(userFolder, [
			credential('e2eLiveKey', live, live.keys.master),
			credential('e2eCallsKey', calls, calls.keys.master),
		]);
		const profile = (id: number) => ({ profileId: { __rl: true, mode: 'id', value: String(id) } });
		await n8n.importWorkflows(userFolder, [
			// Each attempt may wait a minute for an answer (30 s by default): page 2 is held past the next tick.
			trigger(WORKFLOWS.newLead, 'e2eLiveKey', {
				event: 'newLead',
				filters: profile(newLeadProfile),
				rateLimitHandling: { timeoutSeconds: 60 },
			}),
			trigger(WORKFLOWS.updatedLead, 'e2eLiveKey', { event: 'updatedLead', filters: profile(updatedProfile) }),
			trigger(WORKFLOWS.calls, 'e2eCallsKey', { event: 'newLead' }),
			// Updated Lead, only when a money field changes.
			trigger(WORKFLOWS.changes, 'e2eLiveKey', {
				event: 'updatedLead',
				filters: profile(changesProfile),
				options: { onlyWhenFieldsChange: ['quote_value', 'sales_value'] },
			}),
		]);
		for (const id of Object.values(WORKFLOWS)) await n8n.publishWorkflow(userFolder, id);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await srv?.stop();
		await Promise.all([live.stop(), calls.stop()]);
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it(
		'leads deleted, flagged, added and edited between pages, a poll that outlasts the next, a call listed once it ended: each lead and each edit emitted once',
		async () => {
			srv = await n8n.startN8n(userFolder);
			// Activation, then a scheduled poll of each: the cursors are set. Between two polls (every request
			// answered, each Updated Lead read of two pages whole), the changes below meet the next one.
			const quiet = () => live.log.every((entry) => entry.status !== 0) && requestsOf(updatedProfile).length % 2 === 0;
			await waitFor(
				'a scheduled poll of each trigger',
				() =>
					requestsOf(newLeadProfile).length >= 2 &&
					requestsOf(updatedProfile).length >= 4 &&
					requestsOf(changesProfile).length >= 2 &&
					calls.log.length >= 2 &&
					quiet(),
			);
			const call = calls.startCall({ date_created: isoSec(Date.now() - 30 * 60_000) });

			// 3,000 new leads (two pages); while the next poll reads page 2, held past the next tick, a lead
			// of page 1 is deleted, one marked spam and one added. Meanwhile two leads of the Updated Lead
			// window are edited: one at the seam of its pages, one later while its page 2 is read.
			const fresh = live.addLeads(3000, { profileId: newLeadProfile, startAt: isoSec(Date.now() - 20_000), stepSeconds: 0.005 });
			const window = live.data.leads.filter((lead) => lead.profile_id === updatedProfile);
			live.updateLead(window[2500].lead_id, { sales_value: 250 });
			let added: Lead | undefined;
			const newLeadFrom = requestsOf(newLeadProfile).length;
			const updatedFrom = requestsOf(updatedProfile).length;
			live.injectFault({
				fault: { kind: 'slow', ms: HELD_MS },
				times: 1,
				path: '/leads',
				query: { profile_id: String(newLeadProfile) },
				afterRequests: 1,
			});
			live.beforeList(({ query }) => {
				if (query.profile_id === String(newLeadProfile) && requestsOf(newLeadProfile).length === newLeadFrom + 2 && !added) {
					live.deleteLead(fresh[100].lead_id);
					live.flagLead(fresh[200].lead_id, { spam: true });
					added = live.addLead({ profile_id: newLeadProfile });
				}
				if (query.profile_id === String(updatedProfile) && requestsOf(updatedProfile).length === updatedFrom + 2) {
					live.deleteLead(window[10].lead_id);
					live.addLead({ profile_id: updatedProfile });
					live.updateLead(window[2990].lead_id, { quote_value: 30 });
				}
			});
			calls.completeCall(call.lead_id);
			// Only When These Fields Change: a sale set starts a run with it before and after; a note or a
			// custom field edited elsewhere starts none.
			const money = live.data.leads.filter((lead) => lead.profile_id === changesProfile);
			const soldBefore = money[300].sales_value;
			const changesFrom = requestsOf(changesProfile).length;
			live.updateLead(money[300].lead_id, { sales_value: 1251 });
			live.updateLead(money[301].lead_id, { notes: 'Left voicemail.' });
			live.updateLead(money[302].lead_id, { custom_fields: { 'Customer Type': 'Commercial' } });

			// The held poll, and two polls after it.
			const held = await waitFor('the held page 2', () => {
				const request = requestsOf(newLeadProfile)[newLeadFrom + 1];
				return request?.status === 200 ? request : undefined;
			});
			await waitFor('two more polls', () => requestsOf(newLeadProfile).length >= newLeadFrom + 4, 3 * 60_000);
			await waitFor('the executions to finish', async () => {
				const executions = await n8n.readExecutions(userFolder);
				return executions.length >= 3 && executions.every((execution) => execution.stoppedAt) ? executions : undefined;
			});

			// The ticks while page 2 was held started polls that sent nothing.
			const during = requestsOf(newLeadProfile).filter((entry) => entry.startedAt > held.startedAt && entry.startedAt < held.endedAt);
			expect(during).toEqual([]);
			expect(held.endedAt - held.startedAt).toBeGreaterThanOrEqual(HELD_MS);

			const newLeads = (await emittedBy(WORKFLOWS.newLead)).map((lead) => Number(lead.lead_id));
			expect(newLeads.filter((id, index) => newLeads.indexOf(id) !== index)).toEqual([]);
			expect(new Set(newLeads)).toEqual(new Set([...ids(fresh), added!.lead_id]));

			const edits = (await emittedBy(WORKFLOWS.updatedLead)).map((lead) => [lead.lead_id, lead.last_updated]);
			expect(edits).toEqual([
				[window[2500].lead_id, live.data.lead(window[2500].lead_id)!.last_updated],
				[window[2990].lead_id, live.data.lead(window[2990].lead_id)!.last_updated],
			]);

			// Two polls after the edits (met by the waits above already): the first emits the sale, the next nothing more.
			await waitFor('two polls after the edits', () => requestsOf(changesProfile).length >= changesFrom + 2 && quiet());
			await waitFor('its execution to finish', async () => {
				const executions = await n8n.readExecutions(userFolder, { workflowId: WORKFLOWS.changes });
				return executions.length && executions.every((execution) => execution.stoppedAt);
			});
			expect((await emittedBy(WORKFLOWS.changes)).map((lead) => [lead.lead_id, lead.changes])).toEqual([
				[money[300].lead_id, { sales_value: { before: soldBefore ?? null, after: 1251 } }],
			]);

			// Listed 30 minutes after it began, once it had ended: emitted once, ended.
			const emittedCalls = await emittedBy(WORKFLOWS.calls);
			expect(emittedCalls.map((lead) => [lead.lead_id, lead.lead_state])).toEqual([[call.lead_id, 'Completed']]);
		},
		12 * 60_000,
	);

	/** Saves the active workflow as the editor does; n8n activates it again (2.x: once that version is published). */
	async function saveActive(server: n8n.N8nServer, workflowId: string) {
		const headers = await n8n.restSession(server);
		const url = `${server.url}/rest/workflows/${workflowId}`;
		const { data } = (await (await fetch(url, { headers })).json()) as { data: Record<string, unknown> };
		const { name, nodes, connections, settings, versionId } = data;
		const saved = await fetch(url, { method: 'PATCH', headers, body: JSON.stringify({ name, nodes, connections, settings, versionId }) });
		expect(saved.status).toBe(200);
		if (N8N_MAJOR === 1) return;
		const { data: draft } = (await saved.json()) as { data: { versionId: string } };
		const published = await fetch(`${url}/activate`, { method: 'POST', headers, body: JSON.stringify({ versionId: draft.versionId }) });
		expect(published.status).toBe(200);
	}

	it(
		'saved while a poll is held: n8n activates a new copy, whose first poll finds the held one; each lead emitted once',
		async () => {
			const server = srv!;
			const before = new Set((await emittedBy(WORKFLOWS.newLead)).map((lead) => Number(lead.lead_id)));
			const emitted = async () => (await emittedBy(WORKFLOWS.newLead)).map((lead) => Number(lead.lead_id)).filter((id) => !before.has(id));
			const fresh = live.addLeads(5, { profileId: newLeadProfile, startAt: isoSec(Date.now() - 5_000), stepSeconds: 1 });
			const from = requestsOf(newLeadProfile).length;
			live.injectFault({ fault: { kind: 'slow', ms: 10_000 }, times: 1, path: '/leads', query: { profile_id: String(newLeadProfile) } });
			const held = await waitFor('the next poll, held', () => requestsOf(newLeadProfile)[from], 60_000);
			await saveActive(server, WORKFLOWS.newLead);
			expect(held.status).toBe(0);
			// The held poll ends; the new copy's next poll emits the leads.
			const emittedOnce = await waitFor(
				'the new copy to emit the leads',
				async () => ((await emitted()).length >= fresh.length ? emitted() : undefined),
				2 * 60_000,
			).catch(async (error: Error) => {
				const queries = requestsOf(newLeadProfile)
					.slice(from)
					.map((entry) => [entry.status, entry.query.start_date, entry.query.order]);
				const cursor = JSON.stringify(await n8n.readStaticData(userFolder, WORKFLOWS.newLead)).slice(0, 600);
				throw new Error(`${error.message}; requests since: ${JSON.stringify(queries)}; static data: ${cursor}`);
			});
			expect(held.endedAt - held.startedAt).toBeGreaterThanOrEqual(10_000);
			expect(emittedOnce).toEqual(ids(fresh));
		},
		4 * 60_000,
	);
});

describe('the webhook trigger, published: deliveries as WhatConverts sends them', () => {
	const WEBHOOK = 'WhatConverts Webhook Trigger';
	// Every event; and every event with "Only Completed Calls and Chats".
	const ALL = { id: 'e2eWebhookFolds', hook: 'e2e-whatconverts-repeats' };
	const COMPLETED = { id: 'e2eWebhookCompleted', hook: 'e2e-whatconverts-completed' };
	let clock = Date.parse('2025-03-10T08:00:00Z');
	const store = new WhatConvertsServer({ behaviour: { leadShape: 'real' }, now: () => clock });
	let userFolder: string;

	const deliver = async (url: string, to: { hook: string }, body: unknown) => {
		const response = await fetch(`${url}/webhook/${to.hook}/whatconverts`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return (await response.json()) as Record<string, unknown>;
	};
	/** The workflow's executions once those the deliveries started have finished. */
	const executionsSettled = async (workflow: { id: string }) => {
		for (let waited = 0; ; waited += 250) {
			const executions = await n8n.readExecutions(userFolder, { workflowId: workflow.id });
			if (waited >= 1500 && executions.every((e) => e.status !== 'new' && e.status !== 'running')) return executions;
			await sleep(250);
		}
	};
	const started = async (workflow: { id: string }) => {
		const executions = await executionsSettled(workflow);
		expect(executions.every((e) => e.mode === 'webhook' && e.status === 'success')).toBe(true);
		return executions.flatMap((e) => output(e, WEBHOOK));
	};
	const STARTED = { received: true, started: true };

	beforeAll(async () => {
		userFolder = n8n.makeUserFolder();
		const workflows = [
			{ ...ALL, parameters: { events: ['new', 'update'] } },
			{ ...COMPLETED, parameters: { events: ['new', 'update'], onlyCompleted: true } },
		].map(({ id, hook, parameters }) =>
			triggerWorkflow(id, { name: WEBHOOK, type: n8n.TYPES.webhookTrigger, webhookId: hook, parameters }),
		);
		await n8n.importWorkflows(userFolder, workflows);
		for (const { id } of [ALL, COMPLETED]) await n8n.publishWorkflow(userFolder, id);
	}, SETUP_TIMEOUT_MS);

	afterAll(() => {
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('one run per content: a call in progress and completed, two same-second edits, older deliveries; repeats fold, also after n8n restarts', async () => {
		const call = store.startCall();
		const inProgress = store.delivery(call, 'new');
		// (the store changes the lead in place: what it was is in the deliveries)
		const { quote_value: quote, sales_value: sale } = inProgress;
		const inProgressOld = store.delivery(call, 'new', ['last_updated', 'lead_state']);
		const chat = store.startCall({ lead_type: 'chat', lead_state: 'In Progess' });
		clock += 13_000;
		const completed = store.delivery(store.completeCall(call.lead_id), 'update');
		clock += 60_000;
		const quoted = store.delivery(store.updateLead(call.lead_id, { quote_value: 350 }), 'update');
		const sold = store.delivery(store.updateLead(call.lead_id, { sales_value: 299.5 }), 'update');
		expect(sold.last_updated).toBe(quoted.last_updated);
		clock += 60_000;
		const notedOld = store.delivery(store.updateLead(call.lead_id, { notes: 'Called back' }), 'update', ['last_updated', 'lead_state']);
		const reordered = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).reverse());

		let srv = await n8n.startN8n(userFolder);
		try {
			// Only Completed: the call and the chat in progress, by lead_state or by call_status alone, start nothing.
			for (const body of [inProgress, inProgressOld, store.delivery(chat, 'new')]) {
				expect(await deliver(srv.url, COMPLETED, body)).toMatchObject({
					started: false,
					reason: expect.stringMatching(/not completed yet/),
				});
			}
			expect(await deliver(srv.url, COMPLETED, completed)).toEqual(STARTED);

			// Each run finished before the next delivery: n8n saves the trigger's memory when it answers and
			// again when the run ends, and a run's save landing after the next delivery's would undo it.
			for (const body of [inProgress, completed, quoted, sold, inProgressOld, notedOld]) {
				expect(await deliver(srv.url, ALL, body)).toEqual(STARTED);
				await executionsSettled(ALL);
			}
			for (const body of [inProgress, reordered(sold), inProgressOld]) {
				expect(await deliver(srv.url, ALL, body)).toEqual({
					received: true,
					started: false,
					reason: `lead ${call.lead_id}: the same content was already delivered and started a run`,
				});
			}
			await executionsSettled(ALL);
		} finally {
			await srv.stop();
		}
		// A new n8n process knows only what n8n saved in its database.
		srv = await n8n.startN8n(userFolder);
		try {
			for (const body of [quoted, reordered(notedOld)]) expect(await deliver(srv.url, ALL, body)).toMatchObject({ started: false });
			clock += 60_000;
			const later = store.delivery(store.updateLead(call.lead_id, { sales_value: 120 }), 'update', ['last_updated', 'lead_state']);
			expect(await deliver(srv.url, ALL, later)).toEqual(STARTED);
			expect(
				(await started(ALL)).map((item) => [item.trigger, item.lead_state ?? null, item.call_status, item.quote_value, item.sales_value]),
			).toEqual([
				['new', 'In Progress', 'In Progress', quote, sale],
				['update', 'Completed', 'Completed', quote, sale],
				['update', 'Completed', 'Completed', 350, sale],
				['update', 'Completed', 'Completed', 350, 299.5],
				['new', null, 'In Progress', quote, sale],
				['update', null, 'Completed', 350, 299.5],
				['update', null, 'Completed', 350, 120],
			]);
			expect((await started(COMPLETED)).map((item) => [item.lead_id, item.lead_state, item.call_status])).toEqual([
				[call.lead_id, 'Completed', 'Completed'],
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
				await waitFor('page 2 to be asked for', () => leadRequests()[1]?.status === 0);
				await srv.kill();
				const killedAt = Date.now();
				srv = undefined;
				// Page 2 starts at the second of the last lead of page 1.
				const lastOfPage1 = created[2499].date_created;
				expect(leadRequests().map((entry) => [entry.query.start_date, entry.status])).toEqual([
					[expect.any(String), 200],
					[lastOfPage1, 0],
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
