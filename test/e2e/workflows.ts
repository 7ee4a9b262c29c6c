/**
 * The workflows the end-to-end tests import (builders for the package's nodes as a user's n8n
 * names them) and readers of the run data n8n gives back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

import type { ApiKey, WhatConvertsServer } from '../server';
import type { Credential, ExecuteResult } from './n8n';
import { TYPES } from './n8n';

export interface LogLine {
	level: string;
	message: string;
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
	error?: { message: string; description?: string };
	data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, BinaryRef> }> | null> };
}

export interface RunData {
	resultData: { runData: Record<string, TaskData[]>; error?: { message: string; description?: string }; lastNodeExecuted?: string };
}

export interface StoredExecution {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: RunData;
}

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

/** How to start an example that waits for a request (scripts/examples.js, what `npm start` prints). */
export type ExampleRequest =
	| { kind: 'webhook'; node: string; method: string; body: unknown; testUrl: string; productionUrl: string; curl(url: string): string }
	| { kind: 'mcp'; node: string; url: string };

/** scripts/examples.js: the shipped example workflows, the demo data they are shown with, how to start them. */
// plain CommonJS, shared with `npm start`
export const examples: {
	loadExamples(): Array<{ file: string; workflow: Workflow }>;
	requestsFor(workflow: Workflow, baseUrl: string, sample: { leadId: number }): ExampleRequest[];
	addYesterdaysLeads(server: WhatConvertsServer, count?: number): number;
	EXAMPLE_CREDENTIAL: { id: string; name: string };
	SAMPLE_BODIES: Record<string, (sample: { leadId: number }) => unknown>;
} = require('../../scripts/examples');

/** A credential for one test server and key (each check has its own server, so its request log is its own). */
export function credential(id: string, server: WhatConvertsServer, key: ApiKey, secret = key.secret): Credential {
	return { id, name: id, type: TYPES.credential, data: { apiToken: key.token, apiSecret: secret, baseUrl: server.baseUrl } };
}

/** A WhatConverts node using the credential `credentialId`. */
export function whatConverts(name: string, credentialId: string, parameters: Record<string, unknown>): WorkflowNode {
	return {
		name,
		type: TYPES.node,
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

const runDataOf = (result: ExecuteResult | StoredExecution): RunData | undefined => ('logs' in result ? result.data?.data : result.data);

/** The items (json) a node put out in an `execute` result or a stored execution; fails with the run's error when it did not run. */
export function output(result: ExecuteResult | StoredExecution, nodeName: string): Array<Record<string, unknown>> {
	const runData = runDataOf(result);
	const task = runData?.resultData.runData[nodeName]?.[0];
	if (!task) {
		const error = runData?.resultData.error ?? ('logs' in result ? result.error : undefined);
		throw new Error(`node "${nodeName}" did not run${error ? `: ${error.message} ${error.description ?? ''}` : ''}`);
	}
	return (task.data?.main[0] ?? []).map((item) => item.json);
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

/** The files in a ZIP archive by name (stored or deflated entries, as n8n's Compression node writes them). */
export function zipEntries(zip: Buffer): Map<string, Buffer> {
	const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	if (end < 0) throw new Error('not a ZIP archive: no end of central directory');
	const entries = new Map<string, Buffer>();
	let at = zip.readUInt32LE(end + 16);
	for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
		if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`ZIP: no central directory entry at ${at}`);
		const method = zip.readUInt16LE(at + 10);
		const size = zip.readUInt32LE(at + 20);
		const nameLength = zip.readUInt16LE(at + 28);
		const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
		const local = zip.readUInt32LE(at + 42);
		const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
		const data = zip.subarray(start, start + size);
		if (method !== 0 && method !== 8) throw new Error(`ZIP: ${name} uses compression method ${method}`);
		entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
		at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
	}
	return entries;
}

/** The secret strings of a key as they could leak: the secret itself and the Basic Authorization value. */
export function secretsOf(token: string, secret: string): string[] {
	return [secret, Buffer.from(`${token}:${secret}`).toString('base64')];
}
