// The node as AI agents meet it: the shipped example "lead tools for AI agents" (an MCP Server Trigger
// with WhatConverts tool nodes whose parameters come from $fromAI), published in a real n8n, listed and
// called by an MCP client (@modelcontextprotocol/sdk) as Claude Desktop or an n8n agent would. No LLM:
// the client sends what a model could send, good arguments and hostile ones.
import fs from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { recordingFor, WhatConvertsServer } from '../server';
import * as n8n from './n8n';
import type { N8nServer } from './n8n';
import type { Workflow, WorkflowNode } from './workflows';
import { credential, examples, secretsOf } from './workflows';

const SETUP_TIMEOUT_MS = 20 * 60_000;
const WORKFLOW_ID = 'wcExAgentTools';

const server = new WhatConvertsServer({ seed: 'demo' });

let userFolder: string;
let srv: N8nServer;
let client: Client;

/** Tools an agent should never be able to turn against the account: added beside the example's four. */
function extraTools(example: Workflow): WorkflowNode[] {
	const credentials = example.nodes.find((node) => node.type === n8n.TYPES.tool)!.credentials;
	const tool = (name: string, parameters: Record<string, unknown>): WorkflowNode => ({
		name,
		type: n8n.TYPES.tool,
		typeVersion: 1,
		position: [0, 400],
		parameters,
		credentials,
	});
	return [
		tool('Delete_a_profile', {
			resource: 'profile',
			operation: 'delete',
			accountId: { __rl: true, mode: 'id', value: "={{ $fromAI('account_id', 'The account of the profile', 'string') }}" },
			profileId: { __rl: true, mode: 'id', value: "={{ $fromAI('profile_id', 'The profile to delete', 'string') }}" },
		}),
		tool('Rename_an_account', {
			resource: 'account',
			operation: 'update',
			accountId: { __rl: true, mode: 'id', value: "={{ $fromAI('account_id', 'The account to rename', 'string') }}" },
			accountName: "={{ $fromAI('account_name', 'The new name', 'string') }}",
		}),
	];
}

beforeAll(async () => {
	await server.start();
	userFolder = n8n.makeUserFolder();
	const { id, name } = examples.EXAMPLE_CREDENTIAL;
	await n8n.importCredentials(userFolder, [{ ...credential(id, server, server.keys.master), name }]);
	const example = examples.loadExamples().find((e) => e.workflow.id === WORKFLOW_ID)!.workflow;
	const extra = extraTools(example);
	const workflow: Workflow = {
		...example,
		nodes: [...example.nodes, ...extra],
		connections: {
			...example.connections,
			...Object.fromEntries(extra.map((node) => [node.name, { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] }])),
		} as Workflow['connections'],
	};
	await n8n.importWorkflows(userFolder, [workflow]);
	await n8n.publishWorkflow(userFolder, WORKFLOW_ID);
	srv = await n8n.startN8n(userFolder);
	client = new Client({ name: 'whatconverts-e2e', version: '1.0.0' });
	// the URL `npm start` prints for an MCP client
	const [printed] = examples.requestsFor(example, srv.url, { leadId: 0 });
	if (printed?.kind !== 'mcp') throw new Error(`${WORKFLOW_ID} has no MCP Server Trigger`);
	await client.connect(new StreamableHTTPClientTransport(new URL(printed.url)));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await client?.close();
	await srv?.stop();
	await server.stop();
	if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
});

beforeEach(() => {
	server.log.length = 0;
});

/** A tool call as the MCP client sees it: the text the agent reads, and whether n8n flagged an error. */
async function call(name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
	const result = (await client.callTool({ name, arguments: args })) as {
		content: Array<{ type: string; text?: string }>;
		isError?: boolean;
	};
	return { text: result.content.map((part) => part.text ?? '').join('\n'), isError: Boolean(result.isError) };
}

const json = (text: string) => JSON.parse(text) as unknown;
/** The tool's answer: n8n hands the agent the node's output items as JSON (a list, or the one item). */
const answerOf = (text: string) => {
	const parsed = json(text);
	return (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown>;
};

it('lists the tools with the descriptions written for a model and the arguments their parameters take', async () => {
	const { tools } = await client.listTools();
	const byName = new Map(tools.map((tool) => [tool.name, tool]));
	expect([...byName.keys()].sort()).toEqual([
		'Delete_a_profile',
		'Describe_call_recording',
		'Find_leads',
		'Get_a_lead',
		'Rename_an_account',
		'Set_sales_value',
	]);
	const find = byName.get('Find_leads')!;
	for (const fact of ['newest first', 'phone_call', '"Phone Call"', 'ISO 8601', 'at most 100', 'one API request per 2,500']) {
		expect([fact, find.description?.toLowerCase().includes(fact.toLowerCase())]).toEqual([fact, true]);
	}
	expect(Object.keys((find.inputSchema as { properties: object }).properties).sort()).toEqual([
		'end_date',
		'lead_type',
		'limit',
		'next',
		'start_date',
	]);
	expect(byName.get('Describe_call_recording')!.description).toMatch(
		/duration, the recording and play URLs.*size in bytes.*transcriptions/,
	);
	expect(byName.get('Delete_a_profile')!.description).toMatch(/cannot be undone/);
	for (const tool of tools) expect([tool.name, tool.description]).not.toEqual([tool.name, expect.stringMatching(/ in WhatConverts$/)]);
});

it('Find leads: compact leads, bounded, labels accepted, one request', async () => {
	const { text, isError } = await call('Find_leads', { limit: 5, start_date: '', end_date: '', lead_type: 'Phone Call', next: '' });
	expect(isError).toBe(false);
	const answer = answerOf(text) as { returned: number; total: number; leads: Array<Record<string, unknown>>; note?: string };
	expect(answer.returned).toBe(5);
	expect(answer.leads.every((lead) => lead.lead_type === 'Phone Call')).toBe(true);
	expect(Object.keys(answer.leads[0])).toContain('lead_source');
	expect(Object.keys(answer.leads[0])).not.toContain('landing_url');
	expect(answer.note).toMatch(/more leads match and were not returned: call again with the same arguments and next "/);
	// One lead more than it answers with: the fifth lead's second is then known to be read whole.
	expect(server.log.map((r) => [r.path, r.query.lead_type, r.query.leads_per_page])).toEqual([['/leads', 'phone_call', '6']]);
});

it('Find leads: next goes on after the last lead of the answer, none repeated, none skipped', async () => {
	const first = answerOf(
		(await call('Find_leads', { limit: 5, start_date: '', end_date: '', lead_type: 'Phone Call', next: '' })).text,
	) as {
		next: string;
		leads: Array<{ lead_id: number }>;
	};
	const second = answerOf(
		(await call('Find_leads', { limit: 5, start_date: '', end_date: '', lead_type: 'Phone Call', next: first.next })).text,
	) as {
		leads: Array<{ lead_id: number }>;
	};
	const calls = server.data.leads
		.filter((lead) => lead.lead_type === 'Phone Call' && !lead.spam && !lead.duplicate)
		.sort((a, b) => b.date_created.localeCompare(a.date_created) || b.lead_id - a.lead_id)
		.map((lead) => lead.lead_id);
	expect([...first.leads, ...second.leads].map((lead) => lead.lead_id)).toEqual(calls.slice(0, 10));
});

it('Find leads: a limit of 100,000 answers with 100 leads and the count of the rest, in one request of 101', async () => {
	const { text } = await call('Find_leads', { limit: 100_000, start_date: '', end_date: '', lead_type: '', next: '' });
	const answer = answerOf(text) as { returned: number; total: number };
	expect(answer.returned).toBe(100);
	expect(answer.total).toBeGreaterThan(1000);
	expect(text.length).toBeLessThan(110_000);
	expect(server.log.map((r) => r.query.leads_per_page)).toEqual(['101']);
});

it('Get a lead, Describe call recording and Set sales value do what they say, at their stated cost', async () => {
	const lead = server.data.leads.find((l) => l.lead_type === 'Phone Call' && l.recording && !l.spam && !l.duplicate)!;
	const got = answerOf((await call('Get_a_lead', { lead_id: String(lead.lead_id) })).text);
	expect(got).toMatchObject({ lead_id: lead.lead_id, lead_type: 'Phone Call' });
	const described = answerOf((await call('Describe_call_recording', { lead_id: String(lead.lead_id) })).text);
	expect(described).toMatchObject({
		lead_id: lead.lead_id,
		has_recording: true,
		size: recordingFor(lead.lead_id).length,
		recording: lead.recording,
	});
	const set = answerOf((await call('Set_sales_value', { lead_id: String(lead.lead_id), sales_value: 125.5 })).text);
	expect(set).toMatchObject({ lead_id: lead.lead_id, sales_value: 125.5, quotable: 'Yes' });
	expect(server.log.map((r) => `${r.method} ${r.path}`)).toEqual([
		`GET /leads/${lead.lead_id}`,
		`GET /leads/${lead.lead_id}`,
		'GET /recording',
		`POST /leads/${lead.lead_id}`,
	]);
});

describe('hostile arguments: an error text for the agent, 0 requests, nothing changed', () => {
	const accounts = () => server.data.accounts.map((a) => a.account_id).sort();
	const profiles = () => server.data.profiles.map((p) => p.profile_id).sort();

	it.each([
		['Get_a_lead', { lead_id: '1/../../users' }, /Lead ID "1\/\.\.\/\.\.\/users" is not a WhatConverts ID/],
		['Get_a_lead', { lead_id: '500001?customer_journey=true&x=' }, /is not a WhatConverts ID/],
		['Get_a_lead', { lead_id: '%2e%2e/accounts' }, /is not a WhatConverts ID/],
		['Describe_call_recording', { lead_id: '1 OR 1=1' }, /is not a WhatConverts ID/],
		['Set_sales_value', { lead_id: '11/../../users', sales_value: 1 }, /is not a WhatConverts ID/],
		['Delete_a_profile', { account_id: '1001', profile_id: '2001/../../../1002' }, /Profile ID .* is not a WhatConverts ID/],
		['Rename_an_account', { account_id: '1001/../../users', account_name: 'x' }, /Account ID .* is not a WhatConverts ID/],
		['Find_leads', { limit: 0, start_date: '', end_date: '', lead_type: '', next: '' }, /Limit "0" is not a whole number of 1 or more/],
		['Find_leads', { limit: -5, start_date: '', end_date: '', lead_type: '', next: '' }, /Limit "-5"/],
		['Find_leads', { limit: 2.5, start_date: '', end_date: '', lead_type: '', next: '' }, /Limit "2\.5"/],
		[
			'Find_leads',
			{ limit: 5, start_date: 'last tuesday', end_date: '', lead_type: '', next: '' },
			/Created From "last tuesday" is not a date/,
		],
		[
			'Find_leads',
			{ limit: 5, start_date: '', end_date: '', lead_type: 'fax&spam=true', next: '' },
			/Lead Type .* is not a value WhatConverts accepts/,
		],
		[
			'Find_leads',
			{ limit: 5, start_date: '', end_date: '', lead_type: '', next: '2025-01-01T00:00:00Z/1/../users' },
			/Continue After .* is not a place/,
		],
	])('%s %j', async (tool, args, message) => {
		const before = { accounts: accounts(), profiles: profiles() };
		const { text } = await call(tool, args);
		expect(text).toMatch(message);
		expect(server.log).toHaveLength(0);
		expect({ accounts: accounts(), profiles: profiles() }).toEqual(before);
	});
});

it('no secret anywhere: tool answers, n8n log, stored executions', async () => {
	await call('Get_a_lead', { lead_id: '1/../../users' });
	await call('Find_leads', { limit: 1, start_date: '', end_date: '', lead_type: '', next: '' });
	const executions = JSON.stringify(await n8n.readExecutions(userFolder, { workflowId: WORKFLOW_ID }));
	const logs = srv.output();
	for (const secret of secretsOf(server.keys.master.token, server.keys.master.secret)) {
		expect(logs.includes(secret)).toBe(false);
		expect(executions.includes(secret)).toBe(false);
	}
});
