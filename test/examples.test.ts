// The shipped examples as `npm start` and the end-to-end tests load them (scripts/examples.js): exactly
// as shipped, runnable on a fresh n8n without setting anything up, and the commands printed for those
// that wait for a request match what their notes show. (They run in a real n8n in test/e2e/.)
import fs from 'node:fs';
import path from 'node:path';

interface ExampleNode {
	name: string;
	type: string;
	disabled?: boolean;
	parameters: Record<string, unknown>;
}
interface Example {
	id: string;
	nodes: ExampleNode[];
}
type ExampleRequest =
	| { kind: 'webhook'; node: string; method: string; body: unknown; testUrl: string; productionUrl: string; curl(url: string): string }
	| { kind: 'mcp'; node: string; url: string };

// plain CommonJS, shared with `npm start`
const examples: {
	loadExamples(): Array<{ file: string; workflow: Example }>;
	requestsFor(workflow: Example, baseUrl: string, sample: { leadId: number }): ExampleRequest[];
	EXAMPLES_DIR: string;
	SAMPLE_BODIES: Record<string, (sample: { leadId: number }) => unknown>;
} = require('../scripts/examples');

const loaded = examples.loadExamples();
const noteOf = (workflow: Example) =>
	workflow.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote')!.parameters.content as string;

it('loads every example exactly as shipped', () => {
	const files = fs.readdirSync(examples.EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
	expect(loaded.map((e) => path.basename(e.file)).sort()).toEqual(files.sort());
	for (const { file, workflow } of loaded) expect(workflow).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
});

it('no example writes files as shipped: a fresh n8n 2.x has no folder it may write to', () => {
	const writers = loaded.flatMap(({ workflow }) =>
		workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.readWriteFile').map((node) => [workflow.id, node.name, node.disabled]),
	);
	expect(writers).toEqual([['wcExRecordings', 'Save to folder', true]]);
});

describe('the commands printed for the examples that wait for a request', () => {
	const requests = loaded.map(
		({ workflow }) => [workflow.id, examples.requestsFor(workflow, 'http://127.0.0.1:5678/', { leadId: 70002950 })] as const,
	);
	const webhooks = requests.flatMap(([id, list]) => list.filter((r) => r.kind === 'webhook').map((r) => [id, r] as const));

	it('one for each webhook and MCP Server Trigger, at their URLs', () => {
		expect(requests.filter(([, list]) => list.length).map(([id, list]) => [id, list.map((r) => ('url' in r ? r.url : r.testUrl))])).toEqual(
			[
				['wcExAgentTools', ['http://127.0.0.1:5678/mcp/whatconverts']],
				['wcExDealWon', ['http://127.0.0.1:5678/webhook-test/whatconverts-deal-won']],
				['wcExOfflineSales', ['http://127.0.0.1:5678/webhook-test/whatconverts-offline-sales']],
			],
		);
		expect(webhooks.map(([, r]) => r.kind === 'webhook' && r.productionUrl)).toEqual([
			'http://127.0.0.1:5678/webhook/whatconverts-deal-won',
			'http://127.0.0.1:5678/webhook/whatconverts-offline-sales',
		]);
	});

	it("send what the example's note shows it is sent", () => {
		for (const [id, request] of webhooks) {
			if (request.kind !== 'webhook') continue;
			const note = noteOf(loaded.find((e) => e.workflow.id === id)!.workflow);
			const code = /```\n([^]*?)```/.exec(note)![1];
			const [requestLine, ...json] = code.split('\n');
			expect([id, requestLine]).toEqual([id, `${request.method} ${new URL(request.productionUrl).pathname}`]);
			expect([id, JSON.parse(json.join('\n'))]).toEqual([id, request.body]);
		}
	});

	it('quote the URL and the body for a POSIX shell', () => {
		const [, request] = webhooks[0];
		if (request.kind !== 'webhook') throw new Error('not a webhook');
		expect(request.curl("http://127.0.0.1:5678/webhook/it's")).toBe(
			`curl -sS -X POST 'http://127.0.0.1:5678/webhook/it'\\''s' -H 'content-type: application/json' -d '{"lead_id":70002950,"amount":1250}'`,
		);
	});
});
