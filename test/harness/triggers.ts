/**
 * Runs the two trigger nodes of the built package the way an n8n server does.
 *
 * Polling: n8n-core's PollTriggerExecutor drives the node's poll() in a real PollContext, with the
 * cursor hooks an n8n 2.41 server supplies, in either of its two ways (`cursors`):
 * - 'durable' (N8N_POLLER_DURABLE_CURSORS_ENABLED): each poll works on a staged copy of the saved
 *   cursor, committed with the poll's execution when it emits, or alone when it returns null having
 *   changed it (a scheduled poll only), and only while the poll holds its lease: a poll that starts
 *   later takes the lease (n8n starts one only once it has given up on the previous), and the older
 *   poll's execution and cursor are then refused (`fenced`).
 * - 'inMemory' (n8n's default): the polls of one process share the static data of the one workflow
 *   object n8n keeps while the workflow is active; n8n saves it when a poll emits, and after
 *   activation. A poll returning null saves nothing, though the next poll of the process sees it.
 * A poll that throws saves nothing. `saved` is what a server would have in its database, so a
 * restart is a new PollingTrigger built from it. Activation runs the poll once as a test, as n8n does.
 * Re-activation (an active workflow saved, or deactivated and activated again; `reactivate()`)
 * drops the activation and activates a new workflow object loaded from the database, in the same
 * process, while a poll of the old one may still run: n8n 2.41 discards what that poll returns
 * (`supersededPolls: 'discarded'`, its default); n8n 1.123 emits it and saves the old object's
 * static data (`'emitted'`).
 *
 * Webhook: a node http server hands each request, with the fields n8n's webhook server adds
 * (body, query, params), to the node's webhook() in a real WebhookContext, then answers the way
 * n8n's webhook helpers do: the node's own answer, the webhookResponse, or (responseMode
 * 'onReceived') 200 at once, and an execution starts only when there is workflowData. As n8n's
 * production webhooks do, each request loads the workflow with the static data saved so far, and
 * the static data is saved after the call when the node changed it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { WhatConvertsServer } from '../server';
import { additionalDataFor, hooksFor, loadPackage } from './n8n';

const WORKFLOW_ID = 'trigger-workflow';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

/** The workflow of one trigger node with the static data saved so far (n8n loads it for every poll or call). */
const workflowOf = (node: INode, nodeTypes: INodeTypes, saved: IDataObject) =>
	new Workflow({ id: WORKFLOW_ID, nodes: [node], connections: {}, nodeTypes, active: true, staticData: clone(saved) });

export interface PollOutcome {
	/** The items the poll emitted (one execution), or null when it emitted none. */
	items: IDataObject[] | null;
	/** The error handed to n8n (a failed poll), if any. */
	error?: Error & { description?: string; httpCode?: string };
	/** Durable cursors: the poll had lost its lease, so n8n refused its execution and its cursor. */
	fenced?: boolean;
}

export interface PollingTriggerOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	credentialId?: string;
	/** Static data as saved by an earlier run (a restart). */
	saved?: IDataObject;
	/** What PollContext.getPollBudgetMs answers (n8n's default is 5 minutes). */
	pollBudgetMs?: number;
	/** How n8n keeps the cursor (see above); 'durable' unless given. */
	cursors?: 'durable' | 'inMemory';
	/** What n8n does with a poll of an activation that was replaced while it ran (see above); 'discarded' unless given. */
	supersededPolls?: 'discarded' | 'emitted';
}

/** What the activations of one workflow share: its database row, and with durable cursors the lease. */
interface Database {
	saved: IDataObject;
	lease: number;
}

export class PollingTrigger {
	/** The workflow's static data as a server would have saved it. */
	readonly saved: IDataObject;

	readonly node: INode;

	private readonly db: Database;

	/** False once a re-activation replaced this activation. */
	private current = true;

	constructor(
		private readonly options: PollingTriggerOptions,
		db?: Database,
	) {
		this.db = db ?? { saved: clone(options.saved ?? {}), lease: 0 };
		this.saved = this.db.saved;
		this.node = {
			id: 'poll-node',
			name: 'WhatConverts Trigger',
			type: 'n8n-nodes-whatconverts.whatConvertsTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials: { whatConvertsApi: { id: options.credentialId ?? 'cred-poll', name: 'WhatConverts account' } },
		};
	}

	/** The node's saved cursor. */
	get cursor(): IDataObject {
		return (this.saved[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	/** A new instance from what was saved: n8n restarted, the workflow was loaded again. */
	restart(): PollingTrigger {
		return new PollingTrigger({ ...this.options, saved: this.saved });
	}

	/**
	 * Re-activation in the same process: this activation is dropped (its polls no longer scheduled) and
	 * a new one, on a new workflow object loaded from the database, is activated (its test poll runs).
	 */
	async reactivate(): Promise<{ trigger: PollingTrigger; activation: PollOutcome }> {
		this.current = false;
		const trigger = new PollingTrigger(this.options, this.db);
		return { trigger, activation: await trigger.activate() };
	}

	/** The poll n8n runs when the workflow is activated (a test run: errors surface, null is not saved). */
	activate(): Promise<PollOutcome> {
		return this.run(true);
	}

	/** A scheduled poll. */
	poll(): Promise<PollOutcome> {
		return this.run(false);
	}

	/** inMemory: the workflow object n8n keeps while the workflow is active, its static data shared by the polls. */
	private active?: Workflow;

	private async run(testingTrigger: boolean): Promise<PollOutcome> {
		const pkg = await loadPackage();
		const credentialId = this.options.credentialId ?? 'cred-poll';
		const durable = (this.options.cursors ?? 'durable') === 'durable';
		const workflow = durable
			? workflowOf(this.node, pkg.nodeTypes, this.saved)
			: (this.active ??= workflowOf(this.node, pkg.nodeTypes, this.saved));
		const additionalData = additionalDataFor(
			pkg,
			{ [credentialId]: this.options.credentials },
			hooksFor('trigger', 'poll', { id: WORKFLOW_ID, name: 'trigger test', active: true, nodes: [this.node] }),
		);
		const key = `node:${this.node.name}`;
		const outcome: PollOutcome = { items: null };
		const fence = ++this.db.lease;
		const holdsLease = () => fence === this.db.lease;
		let staged: IDataObject | undefined;
		let stagedAt = '';
		const emit = (data: INodeExecutionData[][]) => {
			if (durable && !holdsLease()) {
				outcome.fenced = true;
				return;
			}
			if (durable) this.saved[key] = clone(staged);
			else this.save(workflow);
			outcome.items = data[0].map((item) => item.json);
		};
		const commit = async () => {
			if (!holdsLease()) outcome.fenced = true;
			else if (JSON.stringify(staged) !== stagedAt) this.saved[key] = clone(staged);
		};
		const runPoll = async <T>(poll: () => Promise<T>): Promise<T> => {
			staged = clone(this.saved[key] as IDataObject);
			stagedAt = JSON.stringify(staged);
			try {
				return await poll();
			} finally {
				staged = undefined;
			}
		};
		const context = new PollContext(
			workflow,
			this.node,
			additionalData,
			'trigger',
			'activate',
			emit,
			(error) => {
				outcome.error = error;
			},
			durable ? commit : undefined,
			durable ? runPoll : undefined,
			durable ? () => staged ?? workflow.getStaticData('node', this.node) : undefined,
			this.options.pollBudgetMs === undefined ? undefined : () => this.options.pollBudgetMs as number,
		);
		const isCurrent = () => this.current || this.options.supersededPolls === 'emitted';
		const execute = Container.get(PollTriggerExecutor).create(workflow, this.node, context, isCurrent);
		try {
			await execute(testingTrigger);
		} catch (error) {
			outcome.error = error as PollOutcome['error'];
		}
		// n8n saves the static data once a workflow is activated.
		if (!durable && testingTrigger && !outcome.error) this.save(workflow);
		return outcome;
	}

	/** What n8n's WorkflowStaticDataService.saveStaticData writes: the workflow's static data as it is now. */
	private save(workflow: Workflow) {
		const data = clone(workflow.staticData);
		delete data.__dataChanged;
		Object.assign(this.saved, data);
	}

	/** inMemory: the node's static data as the running process has it, saved or not. */
	get inMemory(): IDataObject {
		return clone((this.active?.staticData[`node:${this.node.name}`] ?? {}) as IDataObject);
	}
}

/** The query as express parses it: a repeated parameter becomes an array. */
function queryObject(params: URLSearchParams): IDataObject {
	const query: IDataObject = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return query;
}

export interface WebhookCall {
	status: number;
	body: unknown;
}

let webhookNodes = 0;

/** The webhook trigger behind a real HTTP endpoint, as n8n's webhook server would serve it. */
export class WebhookTriggerServer {
	/** One entry per execution started: the items it started with. */
	readonly executions: IDataObject[][] = [];

	readonly node: INode;

	/** The workflow's static data as n8n would have saved it. */
	saved: IDataObject = {};

	/** How many calls changed the static data (each is a database write in n8n). */
	saves = 0;

	private server?: http.Server;

	private base = '';

	/**
	 * `saveMs`: how long n8n's database write of the static data takes; a call that arrives meanwhile
	 * loads what was saved before.
	 */
	constructor(
		parameters: INodeParameters,
		private readonly saveMs = 0,
	) {
		this.node = {
			// Its own node id: each instance is another workflow node to the node's memory.
			id: `webhook-node-${++webhookNodes}`,
			name: 'WhatConverts Webhook Trigger',
			type: 'n8n-nodes-whatconverts.whatConvertsWebhookTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters,
			webhookId: '5f0c4a2e-8d1b-4c7e-9a3f-2b6d8e1f0a9c',
		};
	}

	/** The production URL the node shows, on this test server. */
	get url(): string {
		return `${this.base}/webhook/${this.path}`;
	}

	get path(): string {
		return NodeHelpers.getNodeWebhookPath(WORKFLOW_ID, this.node, this.description().path);
	}

	private description(): IWebhookDescription {
		return { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'whatconverts' };
	}

	async start(): Promise<string> {
		const pkg = await loadPackage();
		const nodeType = pkg.nodeTypes.getByNameAndVersion(this.node.type, 1) as INodeType;
		const [webhookDescription] = nodeType.description.webhooks ?? [];
		this.server = http.createServer((req, res) => {
			const workflow = workflowOf(this.node, pkg.nodeTypes, this.saved);
			this.handle(workflow, nodeType, webhookDescription, req, res).catch((error: Error) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: error.message }));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
	}

	/** POSTs a JSON body to the webhook URL, with an optional query string. */
	async post(body: unknown, query = ''): Promise<WebhookCall> {
		const response = await fetch(`${this.url}${query}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: parsed };
	}

	private async handle(
		workflow: Workflow,
		nodeType: INodeType,
		webhookDescription: IWebhookDescription,
		req: http.IncomingMessage,
		res: http.ServerResponse,
	): Promise<void> {
		const url = new URL(req.url ?? '/', this.base);
		if (req.method !== 'POST' || url.pathname !== `/webhook/${this.path}`) {
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ message: 'The requested webhook is not registered.' }));
			return;
		}
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		// What n8n's webhook server adds to the request before the node sees it.
		Object.assign(req, {
			body: raw ? JSON.parse(raw) : {},
			query: queryObject(url.searchParams),
			params: {},
			rawBody: Buffer.from(raw),
		});
		const additionalData: IWorkflowExecuteAdditionalData = {
			...additionalDataFor(
				await loadPackage(),
				{},
				hooksFor('trigger', 'webhook', { id: WORKFLOW_ID, name: 'trigger test', active: true, nodes: [this.node] }),
			),
			httpRequest: req as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
			httpResponse: res as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		};
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: this.node.name,
			path: this.path,
			webhookDescription,
			workflowId: WORKFLOW_ID,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
		};
		const context = new WebhookContext(workflow, this.node, additionalData, 'webhook', webhookData, [], null);
		const result = await nodeType.webhook!.call(context);
		const respond = (data: unknown) => {
			if (res.headersSent) return;
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(data));
		};
		if (result.workflowData === undefined) {
			// No execution. The node answered itself (noWebhookResponse), or gave the answer to send.
			if (!result.noWebhookResponse) respond(result.webhookResponse ?? { message: 'Webhook call received' });
		} else {
			// responseMode 'onReceived': answer at once, then run the workflow.
			if (!result.noWebhookResponse) respond({ message: 'Workflow was started' });
			this.executions.push(result.workflowData[0].map((item) => item.json));
		}
		// What n8n's WorkflowStaticDataService.saveStaticData does after the call: the changed static
		// data as it is now, in the database once the write is done.
		if (workflow.staticData.__dataChanged === true) {
			const written = clone(workflow.staticData);
			this.saves++;
			if (this.saveMs) await new Promise((resolve) => setTimeout(resolve, this.saveMs));
			this.saved = written;
		}
	}
}

/**
 * A test server for a file of trigger tests, over a faked clock: Date starts at `start` before each
 * test (timers are not faked, so requests and retries run), with the server's leads cleared. The
 * server dates new leads and counts its daily quota by the same clock.
 */
export function serverOnFakedClock(start: number): WhatConvertsServer {
	const server = new WhatConvertsServer();
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => {
		jest.useFakeTimers({
			doNotFake: [
				'hrtime',
				'nextTick',
				'performance',
				'queueMicrotask',
				'setImmediate',
				'clearImmediate',
				'setInterval',
				'clearInterval',
				'setTimeout',
				'clearTimeout',
			],
		});
		jest.setSystemTime(start);
		server.reset();
		server.clearLeads();
	});
	afterEach(() => jest.useRealTimers());
	return server;
}
