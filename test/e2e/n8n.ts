/**
 * Typed access to scripts/n8n/run.js (a real, pinned n8n run from the CLI or as a server, with this
 * package loaded from dist/) and small builders for the workflows the end-to-end tests import.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { ApiKey, WhatConvertsServer } from '../server';

export interface LogLine {
	level: string;
	message: string;
}

export interface N8nError {
	name?: string;
	message: string;
	description?: string;
	httpCode?: string;
	node?: { name: string };
	[key: string]: unknown;
}

export interface BinaryRef {
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	id?: string;
	data?: string;
	bytes?: number;
}

export interface TaskData {
	executionStatus?: string;
	error?: N8nError;
	data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, BinaryRef> }> | null> };
}

export interface RunData {
	resultData: { runData: Record<string, TaskData[]>; error?: N8nError; lastNodeExecuted?: string };
}

export interface ExecuteResult {
	ok: boolean;
	status?: string;
	data?: { data: RunData; status: string };
	error?: N8nError;
	exitCode: number | null;
	stdout: string;
	stderr: string;
	logs: LogLine[];
}

export interface PollResult {
	/** The executions the poll started (none when it found nothing new, or failed). */
	executions: StoredExecution[];
	/** What n8n logged when poll() threw during activation. */
	activationErrors: string[];
	/** The workflow's static data as n8n saved it (a polling node's under "node:<name>"). */
	staticData: Record<string, unknown> | null;
}

export interface StoredExecution {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	data?: RunData;
}

export interface N8nServer {
	url: string;
	port: number;
	userFolder: string;
	logs(): LogLine[];
	output(): string;
	stop(): Promise<void>;
}

export interface Credential {
	id: string;
	name: string;
	type: 'whatConvertsApi';
	data: { apiToken: string; apiSecret: string; baseUrl: string };
}

interface RunOptions {
	env?: Record<string, string>;
	timeoutMs?: number;
	port?: number;
}

interface N8nRun {
	makeUserFolder(dir?: string): string;
	importCredentials(userFolder: string, creds: Credential[], options?: RunOptions): Promise<unknown>;
	importWorkflows(userFolder: string, workflows: Workflow[], options?: RunOptions): Promise<unknown>;
	executeWorkflow(userFolder: string, id: string, options?: RunOptions): Promise<ExecuteResult>;
	nodeOutput(result: unknown, nodeName: string, options?: { output?: number; run?: number }): Array<Record<string, unknown>> | undefined;
	startN8n(userFolder: string, options?: RunOptions): Promise<N8nServer>;
	publishWorkflow(userFolder: string, id: string, options?: RunOptions): Promise<void>;
	executeManually(server: N8nServer, id: string, options?: { triggerNode?: string; destinationNode?: string; timeoutMs?: number }): Promise<StoredExecution>;
	readExecutions(userFolder: string, options?: { workflowId?: string }): Promise<StoredExecution[]>;
	/** Publishes the workflow, starts n8n (activation polls once), waits for the executions the poll caused, stops n8n. */
	pollWorkflowOnce(userFolder: string, id: string, options?: RunOptions): Promise<PollResult>;
	/** Headers (session cookie) for n8n's REST API as the owner, set up on first use. */
	restSession(server: N8nServer): Promise<Record<string, string>>;
	ensureN8n(options?: { onProgress?: (line: string) => void }): Promise<{ n8nBin: string; nodeBin: string }>;
}

interface Examples {
	loadExamples(options?: { typePrefix?: string; credential?: { id: string; name: string }; recordingsFolder?: string }): Array<{ file: string; workflow: Workflow }>;
	EXAMPLE_CREDENTIAL: { id: string; name: string };
	PACKAGE_PREFIX: string;
}

// Plain CommonJS helpers shared with `npm start`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const n8n: N8nRun = require('../../scripts/n8n/run');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const examples: Examples = require('../../scripts/examples');

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion?: number;
	position?: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	disabled?: boolean;
	webhookId?: string;
	id?: string;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings?: Record<string, unknown>;
	active?: boolean;
}

export const START = 'Start';

/** A credential for one test server and key (each check has its own server, so its request log is its own). */
export function credential(id: string, server: WhatConvertsServer, key: ApiKey, secret = key.secret): Credential {
	return { id, name: id, type: 'whatConvertsApi', data: { apiToken: key.token, apiSecret: secret, baseUrl: server.baseUrl } };
}

/** A WhatConverts node as n8n loads it from N8N_CUSTOM_EXTENSIONS. */
export function whatConverts(name: string, credentialId: string, parameters: Record<string, unknown>): WorkflowNode {
	return {
		name,
		type: 'CUSTOM.whatConverts',
		typeVersion: 1,
		parameters,
		credentials: { whatConvertsApi: { id: credentialId, name: credentialId } },
	};
}

/**
 * A workflow for `n8n execute`: a manual trigger, then each chain of nodes hanging off it (a chain's
 * nodes run one after the other, the chains one after another, top to bottom).
 */
export function workflow(id: string, chains: WorkflowNode[][]): Workflow {
	const nodes: WorkflowNode[] = [{ name: START, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Workflow['connections'] = {};
	const link = (from: string, to: string) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	chains.forEach((chain, row) => {
		chain.forEach((node, column) => {
			nodes.push({ ...node, position: [220 * (column + 1), 200 * row] });
			link(column === 0 ? START : chain[column - 1].name, node.name);
		});
	});
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** A workflow of one trigger node (a published workflow starts at it). */
export function triggerWorkflow(id: string, trigger: Omit<WorkflowNode, 'typeVersion' | 'position'>): Workflow {
	return { id, name: id, nodes: [{ ...trigger, typeVersion: 1, position: [0, 0] }], connections: {}, settings: { executionOrder: 'v1' } };
}

/** The items a node put out in an `execute` result or a stored execution; fails with the run's error when it did not run. */
export function output(result: ExecuteResult | StoredExecution, nodeName: string): Array<Record<string, unknown>> {
	const items = n8n.nodeOutput(result, nodeName);
	if (!items) {
		const runData = 'logs' in result ? result.data?.data : result.data;
		const error = runData?.resultData.error ?? ('logs' in result ? result.error : undefined);
		throw new Error(`node "${nodeName}" did not run${error ? `: ${error.message} ${error.description ?? ''}` : ''}`);
	}
	return items;
}

/** The first output item of a node with its binary properties. */
export function firstItem(runData: RunData, nodeName: string) {
	const item = runData.resultData.runData[nodeName]?.[0]?.data?.main[0]?.[0];
	if (!item) throw new Error(`node "${nodeName}" put out nothing`);
	return item;
}

/** The bytes of a binary property n8n stored in its user folder ("filesystem-v2:<path>") or inline. */
export function binaryBytes(userFolder: string, binary: BinaryRef): Buffer {
	if (binary.id?.startsWith('filesystem-v2:')) {
		const relative = binary.id.slice('filesystem-v2:'.length);
		const file = ['storage', 'binaryData']
			.map((dir) => path.join(userFolder, '.n8n', dir, relative))
			.find((candidate) => fs.existsSync(candidate));
		if (!file) throw new Error(`n8n's file for ${binary.id} is not in ${userFolder}/.n8n`);
		return fs.readFileSync(file);
	}
	if (binary.data) return Buffer.from(binary.data, 'base64');
	throw new Error(`cannot read binary data ${JSON.stringify(binary)}`);
}

/** The secret strings of a key as they could leak: the secret itself and the Basic Authorization value. */
export function secretsOf(token: string, secret: string): string[] {
	return [secret, Buffer.from(`${token}:${secret}`).toString('base64')];
}
