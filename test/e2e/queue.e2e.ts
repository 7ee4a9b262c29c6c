// The package in n8n's queue mode ($N8N_VERSION, Postgres, Redis, a main and two workers): two
// processes, so two limiters, against one API key. Four executions at once, each Webhook → 500 lead gets,
// with WhatConverts answering in 300 ms and refusing more than 20 in flight. And the polling trigger:
// it polls on the main only, and keeps its cursor in Postgres.
import { randomUUID } from 'node:crypto';

import { peakAccepted, WhatConvertsServer } from '../server';
import type { LoggedRequest } from '../server';
import * as n8n from './n8n';
import { QueueCluster } from './queue';
import type { Workflow } from './workflows';
import { credential, output, triggerWorkflow, whatConverts } from './workflows';

const SETUP_TIMEOUT_MS = 20 * 60_000;
const EXECUTIONS = 4;
const GETS = 500;
const FAN_OUT = 'e2eQueueFanOut';
const POLLING = 'e2eQueuePolling';
const TRIGGER = 'WhatConverts Trigger';

const server = new WhatConvertsServer({ behaviour: { latencyMs: 300, dailyQuota: { profile: 1e6, master: 1e6 } } });
const cluster = new QueueCluster();

/** Webhook (answers with the last node's items) → Split Out the posted ids → a lead get for each. */
function fanOutWorkflow(): Workflow {
	const webhook = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: 'fan-out', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	const split = {
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0] as [number, number],
		parameters: { fieldToSplitOut: 'body.ids', include: 'noOtherFields', options: { destinationFieldName: 'id' } },
	};
	const get = {
		...whatConverts('WhatConverts', 'queueLeads', { resource: 'lead', operation: 'get', leadId: '={{ $json.id }}' }),
		position: [440, 0] as [number, number],
	};
	return {
		id: FAN_OUT,
		name: FAN_OUT,
		nodes: [webhook, split, get],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'WhatConverts', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const gets = (log: LoggedRequest[]) => log.filter((entry) => /^\/leads\/\d+$/.test(entry.path));
/** The trigger reads with the master key; the fan-out with the profile key. */
const polls = () => server.log.filter((entry) => entry.path === '/leads' && entry.keyKind === 'master');

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function cursorInPostgres(): Promise<unknown> {
	const [[staticData]] = await cluster.sql(`select "staticData" from workflow_entity where id = '${POLLING}'`);
	return staticData ? (JSON.parse(staticData) as Record<string, unknown>)[`node:${TRIGGER}`] : undefined;
}

let leads: number[] = [];
let activationPolls: LoggedRequest[] = [];
let cursorAtActivation: unknown;

beforeAll(async () => {
	// Created before the trigger is activated: they are old leads to it, not new ones.
	leads = server.addLeads(EXECUTIONS * GETS).map((lead) => lead.lead_id);
	await server.start();
	await cluster.startServices();
	await n8n.importCredentials(
		cluster.mainFolder,
		[credential('queueLeads', server, server.keys.profile), credential('queueTrigger', server, server.keys.master)],
		cluster.options,
	);
	const trigger = triggerWorkflow(POLLING, {
		name: TRIGGER,
		type: n8n.TYPES.trigger,
		parameters: { event: 'newLead' },
		credentials: { whatConvertsApi: { id: 'queueTrigger', name: 'queueTrigger' } },
	});
	await n8n.importWorkflows(cluster.mainFolder, [fanOutWorkflow(), trigger], cluster.options);
	for (const id of [FAN_OUT, POLLING]) await n8n.publishWorkflow(cluster.mainFolder, id, cluster.options);
	await cluster.startMain();
	activationPolls = polls();
	cursorAtActivation = await cursorInPostgres();
	await cluster.startWorkers(2, 2);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await cluster.stop();
	await server.stop();
}, 2 * 60_000);

it(
	`${EXECUTIONS} executions of ${GETS} lead gets at once on two workers: all succeed, never over 20 in flight, few refused`,
	async () => {
		const before = server.log.length;
		const batches = Array.from({ length: EXECUTIONS }, (_, i) => leads.slice(i * GETS, (i + 1) * GETS));
		const answers = await Promise.all(
			batches.map(async (ids) => {
				const response = await fetch(`${cluster.main!.url}/webhook/fan-out`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ ids }),
				});
				return { status: response.status, body: (await response.json()) as Array<{ lead_id: number }> | { message: string } };
			}),
		);
		for (const [i, answer] of answers.entries()) {
			expect(answer.status).toBe(200);
			expect(Array.isArray(answer.body) ? answer.body.map((lead) => lead.lead_id) : answer.body).toEqual(batches[i]);
		}

		const log = gets(server.log.slice(before));
		const refused = log.filter((entry) => entry.status === 429).length;
		expect(log.filter((entry) => entry.status === 200)).toHaveLength(EXECUTIONS * GETS);
		expect(log.every((entry) => entry.status === 200 || entry.status === 429)).toBe(true);
		expect(peakAccepted(log)).toBeLessThanOrEqual(20);
		expect(refused).toBeLessThanOrEqual(0.1 * log.length);

		// Each worker took two of the executions (concurrency 2): two limiters shared the key.
		for (const worker of cluster.workers) {
			const started = worker.logs().filter((line) => /^Worker started execution/.test(line.message));
			expect(started).toHaveLength(2);
		}
		console.log(`queue mode: ${log.length} requests, ${refused} refused, peak ${peakAccepted(log)} accepted in flight`);
	},
	10 * 60_000,
);

it(
	'the polling trigger polls on the main only, once a minute, and keeps its cursor in Postgres',
	async () => {
		expect(activationPolls).toHaveLength(1);
		expect(cursorAtActivation).toEqual(expect.objectContaining({ key: expect.any(String), from: expect.any(Number) }));

		const pollsBefore = polls().length;
		const lead = server.addLead({ lead_type: 'phone_call' });
		// n8n polls once a minute, at a second of its choosing. Two scheduled polls give one gap to check.
		await until('the next scheduled polls', () => (polls().length > Math.max(pollsBefore, 2) ? true : undefined), 150_000);
		const [[id, status]] = await until(
			'the execution of the poll',
			async () => {
				const rows = await cluster.sql(
					`select id, status from execution_entity where "workflowId" = '${POLLING}' and "stoppedAt" is not null`,
				);
				return rows.length ? rows : undefined;
			},
			60_000,
		);
		expect(status).toBe('success');
		expect(output(await cluster.execution(id), TRIGGER).map((item) => item.lead_id)).toEqual([lead.lead_id]);
		expect(await cursorInPostgres()).not.toEqual(cursorAtActivation);

		// One poll a minute in all, from the main: if the two workers polled too, three polls a minute would
		// leave a gap of 20 s or less between some of them.
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		const scheduled = polls()
			.slice(1)
			.map((entry) => entry.startedAt);
		const gaps = scheduled.slice(1).map((time, i) => time - scheduled[i]);
		expect(gaps.length).toBeGreaterThanOrEqual(1);
		expect(gaps.every((gap) => gap > 40_000 && gap < 90_000)).toBe(true);
		expect(await cluster.sql(`select count(*) from execution_entity where "workflowId" = '${POLLING}'`)).toEqual([['1']]);
	},
	5 * 60_000,
);
