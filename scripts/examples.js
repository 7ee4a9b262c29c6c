'use strict';
/*
 * The example workflows (examples/*.json) as shipped, for `n8n import:workflow` (npm start, the
 * end-to-end tests), the demo data they are shown with, and how to start those that wait for a
 * request.
 *
 *   const { loadExamples, requestsFor } = require('./scripts/examples');
 *   loadExamples()                                            // [{ file, workflow }], unchanged
 *   requestsFor(workflow, 'http://127.0.0.1:5678', { leadId }) // [{ kind, url, ... }]
 */

const fs = require('fs');
const path = require('path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
/** The credential the examples' WhatConverts nodes refer to: import one with this id and they use it. */
const EXAMPLE_CREDENTIAL = { id: 'whatconvertsExample', name: 'WhatConverts account' };

/**
 * What each webhook example is sent, as its note shows it (test/examples.test.ts holds them to it).
 * `leadId`: a lead of the account the example runs against.
 */
const SAMPLE_BODIES = {
	wcExDealWon: ({ leadId }) => ({ lead_id: leadId, amount: 1250 }),
	wcExOfflineSales: () => ({
		rows: [
			{ email: 'ann@example.com', amount: 250, order_id: 'A-1001', date: '2025-05-02T14:30:00Z' },
			{ email: 'ann@example.com', amount: 900, order_id: 'A-1002', date: '2025-05-09T09:05:12Z' },
		],
	}),
};

/** Every example, exactly as shipped. @returns {{file: string, workflow: object}[]} */
function loadExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const file = path.join(EXAMPLES_DIR, f);
			return { file, workflow: JSON.parse(fs.readFileSync(file, 'utf8')) };
		});
}

const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * How to start an example that waits for a request, from a terminal (none for the others):
 * - a Webhook node: `{ kind: 'webhook', method, body, testUrl, productionUrl, curl(url) }`; the test
 *   URL answers once after "Execute workflow" in the editor, the production URL once published;
 * - an MCP Server Trigger: `{ kind: 'mcp', url }`, its URL for an MCP client once published.
 * @param {object} workflow an example as loadExamples() gives it
 * @param {string} baseUrl n8n's address, e.g. http://127.0.0.1:5678
 * @param {{ leadId: number }} sample values of the account the example runs against
 */
function requestsFor(workflow, baseUrl, sample) {
	const base = baseUrl.replace(/\/$/, '');
	return workflow.nodes.flatMap((node) => {
		if (node.type === 'n8n-nodes-base.webhook') {
			const makeBody = SAMPLE_BODIES[workflow.id];
			if (!makeBody) throw new Error(`examples.js has no sample body for the webhook of ${workflow.id}`);
			const method = node.parameters.httpMethod || 'GET';
			const body = makeBody(sample);
			const curl = (url) =>
				`curl -sS -X ${method} ${shellQuote(url)} -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(body))}`;
			const { path: webhookPath } = node.parameters;
			return [
				{
					kind: 'webhook',
					node: node.name,
					method,
					body,
					testUrl: `${base}/webhook-test/${webhookPath}`,
					productionUrl: `${base}/webhook/${webhookPath}`,
					curl,
				},
			];
		}
		if (node.type === '@n8n/n8n-nodes-langchain.mcpTrigger')
			return [{ kind: 'mcp', node: node.name, url: `${base}/mcp/${node.parameters.path}` }];
		return [];
	});
}

const visible = (lead) => !lead.spam && !lead.duplicate;

/**
 * Yesterday in the demo account, made busy: `count` more leads that day (UTC, spread over every
 * profile, types and sources at random), so that the nightly report reads more than one page of
 * 2,500. Their calls have no recordings, so that the recordings example stays a short run.
 * @param {import('../test/server').WhatConvertsServer} server
 * @returns {number} the leads of yesterday the nightly report counts (the demo data had some
 *   already; spam and duplicates are left out, as WhatConverts does)
 */
function addYesterdaysLeads(server, count = 3000) {
	const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
	const { profiles } = server.data;
	const perProfile = Math.ceil(count / profiles.length);
	profiles.forEach((profile, i) => {
		const stepSeconds = 86000 / perProfile;
		const startAt = new Date(Date.parse(`${day}T00:00:00Z`) + i * 10000).toISOString();
		server.addLeads(perProfile, { profileId: profile.profile_id, startAt, stepSeconds, recording: null });
	});
	return server.data.leads.filter((lead) => visible(lead) && lead.date_created.startsWith(day)).length;
}

module.exports = { loadExamples, requestsFor, addYesterdaysLeads, EXAMPLE_CREDENTIAL, EXAMPLES_DIR, SAMPLE_BODIES };
