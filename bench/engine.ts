/**
 * The contenders that run inside n8n's real engine (test/harness/n8n.ts): this package's node, n8n's
 * HTTP Request node with pagination + Split Out, and the polling trigger.
 */
import { PollContext, TriggersAndPollers } from 'n8n-core';
import type { IConnections, INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { Expression, NodeHelpers, Workflow } from 'n8n-workflow';

import { additionalDataFor, hooksFor, loadBaseNodes, loadPackage, runNode, runWorkflow } from '../test/harness/n8n';
import type { Key } from './protocol';

const CREDENTIAL_ID = 'bench-credential';

// Counts n8n expression evaluations (each `={{ ... }}` parameter, routing or credential value the
// engine resolves): in declarative nodes they are most of the CPU spent per item.
let expressions = 0;
const resolve = Expression.prototype.resolveSimpleParameterValue;
Expression.prototype.resolveSimpleParameterValue = function (this: Expression, ...args: Parameters<typeof resolve>) {
	expressions++;
	return resolve.apply(this, args);
};

/** n8n expression evaluations so far in this process. */
export const expressionCount = () => expressions;

function credentialsOf(baseUrl: string, key: Key) {
	return { apiToken: key.token, apiSecret: key.secret, baseUrl };
}

export async function nodeReturnAll(baseUrl: string, key: Key): Promise<number> {
	const result = await runNode({
		parameters: { resource: 'lead', operation: 'getAll', returnAll: true },
		credentials: credentialsOf(baseUrl, key),
		credentialId: CREDENTIAL_ID,
	});
	if (result.error) throw result.error;
	return result.items.length;
}

/**
 * An experiment, in this process only: the node's description cut to the properties n8n shows for
 * these parameters (no other operation's fields, no AI tool descriptions). n8n's RoutingNode walks the
 * whole description for every item; the cut node shows what that walk costs.
 */
async function cutDescriptionTo(parameters: INodeParameters): Promise<void> {
	const pkg = await loadPackage();
	const description = (pkg.loader.nodeTypes.whatConverts.type as { description: INodeTypeDescription }).description;
	description.properties = description.properties.filter((property) =>
		NodeHelpers.displayParameter(parameters, property, { typeVersion: 1 }, description),
	);
}

export async function nodeFanOut(
	baseUrl: string,
	key: Key,
	ids: number[],
	operation: 'get' | 'update',
	oneOperation = false,
): Promise<number> {
	const parameters: INodeParameters =
		operation === 'get'
			? { resource: 'lead', operation: 'get', leadId: '={{ $json.leadId }}' }
			: { resource: 'lead', operation: 'update', leadId: '={{ $json.leadId }}', updateFields: { salesValue: '={{ $json.salesValue }}' } };
	if (oneOperation) await cutDescriptionTo(parameters);
	const result = await runNode({
		parameters,
		items: ids.map((leadId, index) => ({ leadId, salesValue: index })),
		credentials: credentialsOf(baseUrl, key),
		credentialId: CREDENTIAL_ID,
	});
	if (result.error) throw result.error;
	return result.items.length;
}

/** n8n's HTTP Request node (v4.2) with a Basic-auth credential, as a user sets it up for WhatConverts. */
function httpRequestNode(parameters: INodeParameters): INode {
	return {
		id: 'http-request',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [0, 0],
		parameters: { authentication: 'genericCredentialType', genericAuthType: 'httpBasicAuth', ...parameters },
		credentials: { httpBasicAuth: { id: CREDENTIAL_ID, name: 'WhatConverts (Basic auth)' } },
	};
}

/**
 * What a user without this package builds for the same fan-out: HTTP Request fed one id per item,
 * Basic auth, GET /leads/{id} or a form POST of the sales value; `batch` is its Batching option.
 */
export async function httpRequestFanOut(
	baseUrl: string,
	key: Key,
	ids: number[],
	operation: 'get' | 'update',
	batch?: { size: number; intervalMs: number },
): Promise<number> {
	const post = operation === 'update';
	const httpRequest = httpRequestNode({
		method: post ? 'POST' : 'GET',
		url: `=${baseUrl}/leads/{{ $json.leadId }}`,
		...(post
			? {
					sendBody: true,
					contentType: 'form-urlencoded',
					bodyParameters: { parameters: [{ name: 'sales_value', value: '={{ $json.salesValue }}' }] },
				}
			: {}),
		options: batch ? { batching: { batch: { batchSize: batch.size, batchInterval: batch.intervalMs } } } : {},
	});
	const result = await runWorkflow({
		nodes: [httpRequest],
		items: ids.map((leadId, index) => ({ leadId, salesValue: index })),
		credentials: { [CREDENTIAL_ID]: { user: key.token, password: key.secret } },
	});
	if (result.error) throw result.error;
	return result.items.length;
}

/**
 * What a user without this package builds: HTTP Request (Basic auth credential, leads_per_page=2500,
 * pagination "Update a Parameter in Each Request" page_number = $pageCount + 1, complete when
 * page_number >= total_pages) and Split Out on `leads`.
 */
export function httpRequestWorkflow(baseUrl: string): { nodes: INode[]; connections: IConnections } {
	const httpRequest = httpRequestNode({
		method: 'GET',
		url: `${baseUrl}/leads`,
		sendQuery: true,
		queryParameters: { parameters: [{ name: 'leads_per_page', value: '2500' }] },
		options: {
			pagination: {
				pagination: {
					paginationMode: 'updateAParameterInEachRequest',
					parameters: { parameters: [{ type: 'qs', name: 'page_number', value: '={{ $pageCount + 1 }}' }] },
					paginationCompleteWhen: 'other',
					completeExpression: '={{ $response.body.page_number >= $response.body.total_pages }}',
				},
			},
		},
	});
	const splitOut: INode = {
		id: 'split-out',
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [200, 0],
		parameters: { fieldToSplitOut: 'leads', include: 'noOtherFields' },
	};
	return {
		nodes: [httpRequest, splitOut],
		connections: { 'HTTP Request': { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] } },
	};
}

/** Loads n8n-nodes-base's HTTP Request and Split Out code, as a running n8n has it loaded. */
export async function preloadBaseNodes(): Promise<void> {
	const base = await loadBaseNodes();
	base.getNode('httpRequest');
	base.getNode('splitOut');
}

export async function httpRequestReturnAll(baseUrl: string, key: Key): Promise<number> {
	const { nodes, connections } = httpRequestWorkflow(baseUrl);
	const result = await runWorkflow({
		nodes,
		connections,
		credentials: { [CREDENTIAL_ID]: { user: key.token, password: key.secret } },
	});
	if (result.error) throw result.error;
	return result.items.length;
}

/** Loads the built package, as a running n8n has it loaded before any workflow runs. */
export async function preloadPackage(): Promise<void> {
	await loadPackage();
}

// ---------- polling trigger (nodes/WhatConverts/WhatConvertsTrigger.node.ts) ----------

interface Poller {
	workflow: Workflow;
	node: INode;
	context: PollContext;
}

const pollers = new Map<string, Poller>();
const triggers = new TriggersAndPollers();

/**
 * One poll as n8n's poll job runs it: the same Workflow (and so the same static data) across polls
 * of one `workflowId`, mode `trigger`, through TriggersAndPollers.runPollFunction.
 */
export async function pollOnce(workflowId: string, parameters: Record<string, unknown>, baseUrl: string, key: Key): Promise<number> {
	let poller = pollers.get(workflowId);
	if (!poller) {
		const pkg = await loadPackage();
		const node: INode = {
			id: `trigger-${workflowId}`,
			name: 'WhatConverts Trigger',
			type: 'n8n-nodes-whatconverts.whatConvertsTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: parameters as INodeParameters,
			credentials: { whatConvertsApi: { id: `${CREDENTIAL_ID}-${workflowId}`, name: 'WhatConverts account' } },
		};
		const workflow = new Workflow({ id: workflowId, nodes: [node], connections: {}, nodeTypes: pkg.nodeTypes, active: true });
		const hooks = hooksFor('trigger', `poll-${workflowId}`, { id: workflowId, name: 'bench trigger', active: true, nodes: [node] });
		const additionalData = additionalDataFor(pkg, { [`${CREDENTIAL_ID}-${workflowId}`]: credentialsOf(baseUrl, key) }, hooks);
		const context = new PollContext(workflow, node, additionalData, 'trigger', 'activate');
		poller = { workflow, node, context };
		pollers.set(workflowId, poller);
	}
	const output = await triggers.runPollFunction(poller.workflow, poller.node, poller.context);
	return output?.[0]?.length ?? 0;
}

/** The bytes of a polled workflow's static data, as n8n saves it (JSON). */
export function staticDataBytes(workflowId: string): number {
	return JSON.stringify(pollers.get(workflowId)?.workflow.staticData ?? {}).length;
}
