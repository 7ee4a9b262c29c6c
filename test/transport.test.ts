// The request runner, through n8n's real engine: retries, the in-flight limit, the daily quota,
// error messages, and secrets kept out of everything the node leaves behind.
import { inspect } from 'node:util';

import { runNode } from './harness/n8n';
import { credentialsFor, QUICK_RETRIES, secretsOf, useServer } from './harness/whatconverts';

const server = useServer();

const getLead = (leadId: number | string, extra: object = {}) => ({
	resource: 'lead',
	operation: 'get',
	leadId: String(leadId),
	rateLimitHandling: QUICK_RETRIES,
	...extra,
});
const createLead = { resource: 'lead', operation: 'create', leadType: 'web_form', rateLimitHandling: QUICK_RETRIES };
const statuses = () => server.log.map((entry) => entry.status);

describe('429: refused, so retried for every method', () => {
	it('retries a read answered 429 twice, then succeeds', async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '0' }, times: 2 });
		const { items, error } = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(items[0].json.lead_id).toBe(lead.lead_id);
		expect(statuses()).toEqual([429, 429, 200]);
	});

	it('creates exactly one lead when the create is answered 429 twice', async () => {
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '0' }, times: 2, method: 'POST' });
		const { items, error } = await runNode({ parameters: createLead, credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(statuses()).toEqual([429, 429, 200]);
		expect(server.data.leads).toHaveLength(1);
		expect(items[0].json.lead_id).toBe(server.data.leads[0].lead_id);
	});

	it('waits as long as a Retry-After in seconds says', async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 1 });
		const { error } = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(server.log[1].startedAt - server.log[0].endedAt).toBeGreaterThanOrEqual(950);
	});

	it('waits until a Retry-After given as an HTTP date', async () => {
		const [lead] = server.addLeads(1);
		// HTTP dates have whole seconds: 2.5 s ahead is at least 1.5 s ahead once truncated.
		const retryAt = new Date(Date.now() + 2_500);
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: retryAt.toUTCString() }, times: 1 });
		const { error } = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(server.log[1].startedAt).toBeGreaterThanOrEqual(Math.floor(retryAt.getTime() / 1000) * 1000 - 50);
	});

	it('backs off without Retry-After and succeeds', async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'status', status: 429 }, times: 2 });
		const { error } = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(statuses()).toEqual([429, 429, 200]);
		// Short steps for a refusal: at least 50 ms, then at least 100 ms (half of each step is jitter).
		expect(server.log[1].startedAt - server.log[0].endedAt).toBeGreaterThanOrEqual(45);
		expect(server.log[2].startedAt - server.log[1].endedAt).toBeGreaterThanOrEqual(95);
	});

	it('gives up after the configured retries with a message that says what to do', async () => {
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '0' }, times: 10 });
		const { error } = await runNode({
			parameters: getLead(1, { rateLimitHandling: { maxRetries: 2, maxWaitSeconds: 10 } }),
			credentials: credentialsFor(server),
		});
		expect(server.log).toHaveLength(3);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/^WhatConverts kept refusing requests as too many \(429\): sent 3 times over \d+ s$/);
		expect(error?.description).toMatch(/20 requests at once/);
		expect(error?.description).toMatch(/It was sent 3 times over \d+ s, .* to \d+; then 'Max Retries' \(2\) ran out\./);
		expect(error?.description).toMatch(/Max Requests In Flight/);
	});

	it('by default rides out a crowding that outlasts a few quick retries', async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'status', status: 429 }, times: 10 });
		const { items, error } = await runNode({
			parameters: getLead(lead.lead_id, { rateLimitHandling: {} }),
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(items[0].json.lead_id).toBe(lead.lead_id);
		expect(statuses()).toEqual([...Array(10).fill(429), 200]);
	});

	it('stops when Max Wait is spent, long before Max Retries, and says so', async () => {
		server.injectFault({ fault: { kind: 'status', status: 429 }, times: 100 });
		const { error } = await runNode({
			parameters: getLead(1, { rateLimitHandling: { maxRetries: 50, maxWaitSeconds: 1 } }),
			credentials: credentialsFor(server),
		});
		// Steps of 50-100, 100-200, then 200-400 ms: 1 s holds 3 to 6 retries.
		expect(server.log.length).toBeGreaterThanOrEqual(4);
		expect(server.log.length).toBeLessThanOrEqual(8);
		expect(error?.message).toMatch(/kept refusing requests as too many \(429\): sent \d+ times over [01] s$/);
		expect(error?.description).toMatch(/then 'Max Wait \(Seconds\)' \(1 s\) ran out\./);
	});

	it('fails at once when Retry-After asks for more than Max Wait allows', async () => {
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '30' }, times: 1 });
		const { error } = await runNode({ parameters: getLead(1), credentials: credentialsFor(server) });
		expect(server.log).toHaveLength(1);
		expect(error?.message).toBe('WhatConverts refused the request as too many (429)');
		expect(error?.description).toMatch(
			/It was sent once; then WhatConverts asked to wait 30 s \(Retry-After\), beyond 'Max Wait \(Seconds\)' \(10 s\)\./,
		);
	});
});

describe('server errors and lost answers', () => {
	it('does not re-send a create answered 500', async () => {
		server.injectFault({
			fault: { kind: 'status', status: 500, body: '{"error_message":"Internal error."}', contentType: 'application/json' },
			times: 1,
		});
		const { error } = await runNode({ parameters: createLead, credentials: credentialsFor(server) });
		expect(server.log).toHaveLength(1);
		expect(error?.message).toBe('WhatConverts could not answer (HTTP 500): Internal error.');
		expect(error?.description).toMatch(/not sent again/);
	});

	it('retries a read answered 500, and a 502 with an HTML page', async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'status', status: 500 }, times: 1 });
		server.injectFault({
			fault: { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' },
			times: 1,
		});
		const { items, error } = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(items[0].json.lead_id).toBe(lead.lead_id);
		expect(statuses()).toEqual([500, 502, 200]);
	});

	it('reports a read that keeps failing with 502', async () => {
		server.injectFault({
			fault: { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' },
			times: 5,
		});
		const { error } = await runNode({
			parameters: getLead(1, { rateLimitHandling: { maxRetries: 1, maxWaitSeconds: 10 } }),
			credentials: credentialsFor(server),
		});
		expect(server.log).toHaveLength(2);
		expect(error?.message).toBe('WhatConverts could not answer (HTTP 502)');
		expect(error?.description).toMatch(/try again later/);
	});

	it('with the default settings, gives up on a read that keeps failing after 4 retries (not Max Wait)', async () => {
		server.injectFault({ fault: { kind: 'status', status: 503 }, times: 10 });
		const { error } = await runNode({ parameters: getLead(1, { rateLimitHandling: {} }), credentials: credentialsFor(server) });
		expect(error?.message).toBe('WhatConverts could not answer (HTTP 503): Service Unavailable');
		expect(server.log).toHaveLength(5);
	}, 30_000);

	it('retries a read whose connection dropped, but never a create', async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'drop' }, times: 1, method: 'GET' });
		const read = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(read.error).toBeUndefined();
		expect(statuses()).toEqual([0, 200]);

		server.reset();
		server.injectFault({ fault: { kind: 'drop' }, times: 1, method: 'POST' });
		const create = await runNode({ parameters: createLead, credentials: credentialsFor(server) });
		expect(statuses()).toEqual([0]);
		expect(create.error?.message).toBe(
			'Could not get an answer from WhatConverts for POST /leads: the connection was closed before the answer came',
		);
		expect(create.error?.description).toMatch(/not re-sent/);
	});

	it('says so when the answer is not JSON', async () => {
		server.injectFault({ fault: { kind: 'nonJson' }, times: 1 });
		const { error } = await runNode({ parameters: getLead(1), credentials: credentialsFor(server) });
		expect(error?.message).toMatch(/with something that is not JSON \(text\/html/);
		expect(error?.description).toMatch(/Base URL/);
	});
});

describe('the daily quota', () => {
	it('fails fast, naming the daily limits and when they reset', async () => {
		server.setQuotaUsed('profile', 1_000);
		const { error } = await runNode({ parameters: getLead(1), credentials: credentialsFor(server) });
		expect(server.log).toHaveLength(1);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/^WhatConverts daily request quota is used up: it resets at 00:00 UTC, in (\d+ h )?\d+ min$/);
		expect(error?.description).toMatch(/1,000 requests a day/);
		expect(error?.description).toMatch(/10,000/);
		expect(error?.description).toMatch(/Daily API request limit reached/);
	});

	it('stops the other items of the run from spending requests once the quota is gone', async () => {
		const leads = server.addLeads(60);
		server.setQuotaUsed('profile', 1_000);
		const { items } = await runNode({
			parameters: getLead('={{ $json.id }}'),
			items: leads.map((lead) => ({ id: lead.lead_id })),
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(items).toHaveLength(60);
		expect(items.every((item) => JSON.stringify(item).includes('daily request quota is used up'))).toBe(true);
		// At most the first wave of 20 reaches WhatConverts; the rest fail without a request.
		expect(server.log.length).toBeLessThanOrEqual(20);
	});
});

describe('at most 20 requests in flight', () => {
	it('serves 1,000 input items without ever having more than 20 requests open', async () => {
		const leads = server.addLeads(1_000);
		server.behaviour.latencyMs = 2;
		const { items, error } = await runNode({
			parameters: getLead('={{ $json.id }}'),
			items: leads.map((lead) => ({ id: lead.lead_id })),
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.lead_id)).toEqual(leads.map((lead) => lead.lead_id));
		expect(server.log).toHaveLength(1_000);
		expect(server.maxInFlightSeen).toBeLessThanOrEqual(20);
		expect(server.maxInFlightSeen).toBeGreaterThan(1);
		expect(statuses().every((status) => status === 200)).toBe(true);
	});
});

describe('error messages', () => {
	it('says the token or secret was rejected, and leaks neither', async () => {
		const wrong = { ...server.keys.profile, secret: 'wrong-secret-value' };
		const result = await runNode({ parameters: getLead(1), credentials: credentialsFor(server, wrong) });
		expect(result.error?.message).toBe('WhatConverts rejected the API token or secret: Authentication failed.');
		expect(result.error?.description).toMatch(/Integrations → API Keys/);
		const everything = inspect(result, { depth: 30 }) + JSON.stringify(result.run);
		for (const secret of secretsOf(wrong)) expect(everything).not.toContain(secret);
	});

	it('says the path does not exist and to check the base URL when WhatConverts answers with an HTML 404', async () => {
		const credentials = { ...credentialsFor(server), baseUrl: server.baseUrl.replace('/api/v1', '/api/v9') };
		const { error } = await runNode({ parameters: getLead(1), credentials });
		expect(error?.message).toBe('WhatConverts has no such path: GET /leads/1');
		expect(error?.description).toMatch(/Base URL/);
	});

	it('tolerates a trailing slash on the base URL', async () => {
		const [lead] = server.addLeads(1);
		const credentials = { ...credentialsFor(server), baseUrl: `${server.baseUrl}/` };
		const { error } = await runNode({ parameters: getLead(lead.lead_id), credentials });
		expect(error).toBeUndefined();
		expect(server.log[0].path).toBe(`/leads/${lead.lead_id}`);
	});

	it('keeps the secret out of every output, success and failure alike', async () => {
		const key = server.keys.profile;
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'drop' }, times: 1, method: 'POST' });
		server.injectFault({ fault: { kind: 'status', status: 500 }, times: 1, method: 'POST' });
		const runs = [
			await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) }),
			await runNode({ parameters: createLead, credentials: credentialsFor(server) }),
			await runNode({ parameters: createLead, credentials: credentialsFor(server) }),
			await runNode({ parameters: getLead('x'), credentials: credentialsFor(server) }),
		];
		expect(runs.map((run) => Boolean(run.error))).toEqual([false, true, true, true]);
		for (const run of runs) {
			const everything = inspect(run, { depth: 30 }) + JSON.stringify(run.run) + String(run.error?.stack);
			for (const secret of secretsOf(key)) expect(everything).not.toContain(secret);
		}
	});
});
