// The request runner, through n8n's real engine: retries, the in-flight limit, the daily quota,
// error messages, and secrets kept out of everything the node leaves behind.
import { inspect } from 'node:util';

import { countAnswer, isQuotaAnswer, refusalKind, refusalKindOf, refusalsOf, signalsOf } from '../nodes/WhatConverts/transport/refusals';
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

describe('a floor under every wait', () => {
	const pastDate = () => new Date(Date.now() - 3_600_000).toUTCString();
	it.each([
		['0', () => '0'],
		['an HTTP date already past', pastDate],
	])(
		'Retry-After %s still waits the backoff step: one request spends a handful of retries in its Max Wait, not fifty',
		async (_, retryAfter) => {
			server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: retryAfter() }, times: Infinity });
			const { error } = await runNode({
				parameters: getLead(1, { rateLimitHandling: { maxRetries: 50, maxWaitSeconds: 1 } }),
				credentials: credentialsFor(server),
			});
			expect(error?.message).toMatch(/kept refusing requests as too many \(429\)/);
			// steps of 50-100, 100-200, then 200-400 ms: 1 s holds 3 to 6 retries
			expect(server.log.length).toBeGreaterThanOrEqual(3);
			expect(server.log.length).toBeLessThanOrEqual(8);
			for (let i = 1; i < server.log.length; i++) expect(server.log[i].startedAt - server.log[i - 1].endedAt).toBeGreaterThanOrEqual(45);
		},
	);

	it('20 items refused with Retry-After 0 spend a bounded number of requests, then the run stops', async () => {
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '0' }, times: Infinity });
		const { items } = await runNode({
			parameters: getLead('={{ $json.id }}', { rateLimitHandling: { maxWaitSeconds: 2 } }),
			items: Array.from({ length: 20 }, (_, i) => ({ id: 70_000_000 + i })),
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(items).toHaveLength(20);
		expect(items.every((item) => item.error)).toBe(true);
		// A hundred refused requests at most, the first wave of 20 on top: never the thousand of a Retry-After taken at its word.
		expect(server.log.length).toBeLessThanOrEqual(120);
		expect(items.filter((item) => /keeps refusing this API key/.test(item.error?.message ?? '')).length).toBeGreaterThan(0);
	});
});

describe('a daily quota told from a crowded key, by every signal', () => {
	const json = (message: string) => JSON.stringify({ error_message: message });
	const quotaAnswers: Array<[string, { body?: string; headers?: Record<string, string>; retryAfter?: string }]> = [
		['"API request limit exceeded."', { body: json('API request limit exceeded.') }],
		['"DAILY LIMIT REACHED" in capitals', { body: json('DAILY LIMIT REACHED') }],
		['"Quota exceeded for this API key"', { body: json('Quota exceeded for this API key') }],
		['"You have used all of today\'s requests"', { body: json("You have used all of today's requests") }],
		['X-RateLimit-Limit 1000 and X-RateLimit-Remaining 0', { headers: { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '0' } }],
		['a Retry-After of two hours', { retryAfter: '7200' }],
	];
	it.each(quotaAnswers)('a 429 with %s is the spent quota: it fails at once, with one request', async (_, answer) => {
		server.injectFault({ fault: { kind: 'status', status: 429, ...answer }, times: Infinity });
		const { error } = await runNode({ parameters: getLead(1), credentials: credentialsFor(server) });
		expect(error?.message).toMatch(/^WhatConverts daily request quota is used up/);
		expect(server.log).toHaveLength(1);
	});

	const crowdingAnswers: Array<[string, { body?: string; headers?: Record<string, string> }]> = [
		['"Too many concurrent requests"', { body: json('Too many concurrent requests: at most 20 requests may be in flight at once.') }],
		['"Too many requests. Please slow down."', { body: json('Too many requests. Please slow down.') }],
		['"rate limit exceeded"', { body: json('rate limit exceeded') }],
		['X-RateLimit-Remaining 0 alone', { headers: { 'X-RateLimit-Remaining': '0' } }],
		[
			'"API request limit exceeded." and X-RateLimit-Limit 20',
			{ body: json('API request limit exceeded.'), headers: { 'X-RateLimit-Limit': '20' } },
		],
		['no words and no headers', { body: '{}' }],
	];
	it.each(crowdingAnswers)('a 429 with %s is a crowding (or unknown): retried, and the read goes through', async (_, answer) => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'status', status: 429, ...answer }, times: 2 });
		const { items, error } = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(items[0].json.lead_id).toBe(lead.lead_id);
		expect(statuses()).toEqual([429, 429, 200]);
	});

	it('a quota spent in other words stops every item of the run at once, not after Max Wait each', async () => {
		server.behaviour.quotaMessage = 'API request limit exceeded.';
		server.setQuotaUsed('profile', 1_000);
		const { items } = await runNode({
			parameters: getLead('={{ $json.id }}', { rateLimitHandling: { maxWaitSeconds: 2 } }),
			items: Array.from({ length: 20 }, (_, i) => ({ id: 70_000_000 + i })),
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(items.map((item) => item.error?.message)).toEqual(
			Array(20).fill(expect.stringMatching(/^WhatConverts daily request quota is used up/)),
		);
		expect(server.log.length).toBeLessThanOrEqual(20);
	});
});

describe('a refusal classed from every signal together', () => {
	const now = Date.UTC(2026, 11, 7, 12);
	const words = {
		none: undefined,
		daily: 'Daily API request limit reached. Requests fail until the limit resets at 00:00 UTC.',
		concurrent: 'Too many concurrent requests: at most 20 requests may be in flight at once.',
		'request limit': 'API request limit exceeded.',
		'rate limit': 'rate limit exceeded',
		refused: 'Request refused.',
	} as const;
	type Words = keyof typeof words;
	const headerSets = {
		none: {},
		'day limit, 734 left': { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '734' },
		'day limit, 0 left': { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '0' },
		'day limit alone': { 'X-RateLimit-Limit': '10000' },
		'1 left': { 'X-RateLimit-Remaining': '1' },
		'0 left': { 'X-RateLimit-Remaining': '0' },
		'second limit, 0 left, reset in 1 s': { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1' },
		'Retry-After 2 h': { 'Retry-After': '7200' },
		'Retry-After 2 h, 5 left': { 'Retry-After': '7200', 'X-RateLimit-Remaining': '5' },
		'Retry-After 0': { 'Retry-After': '0' },
		'reset at midnight (epoch)': { 'X-RateLimit-Reset': String(Date.UTC(2026, 11, 8) / 1000) },
		'RateLimit-* (no X-), 12 left': { 'RateLimit-Limit': '1000', 'RateLimit-Remaining': '12' },
	} as const;
	type Headers = keyof typeof headerSets;
	// [status, words, headers, kind]: 'none' is no refusal at all
	const table: Array<[number, Words, Headers, string]> = [
		// a count left above zero is never the quota, whatever the words or the limit's size
		[429, 'daily', 'day limit, 734 left', 'crowding'],
		[429, 'none', 'day limit, 734 left', 'crowding'],
		[429, 'request limit', 'day limit, 734 left', 'crowding'],
		[429, 'refused', '1 left', 'crowding'],
		[429, 'daily', 'Retry-After 2 h, 5 left', 'crowding'],
		[429, 'none', 'RateLimit-* (no X-), 12 left', 'crowding'],
		[429, 'daily', 'RateLimit-* (no X-), 12 left', 'crowding'],
		// the day's count with none left is the quota, even in words of crowding
		[429, 'none', 'day limit, 0 left', 'quota'],
		[429, 'concurrent', 'day limit, 0 left', 'quota'],
		[429, 'rate limit', 'day limit, 0 left', 'quota'],
		// words that settle it when no count is left
		[429, 'daily', 'none', 'quota'],
		[429, 'daily', '0 left', 'quota'],
		[429, 'daily', 'second limit, 0 left, reset in 1 s', 'quota'],
		[429, 'daily', 'Retry-After 0', 'quota'],
		[429, 'concurrent', 'none', 'crowding'],
		[429, 'concurrent', 'Retry-After 2 h', 'crowding'],
		[429, 'concurrent', 'day limit alone', 'crowding'],
		// headers, when the words do not settle it
		[429, 'none', 'day limit alone', 'quota'],
		[429, 'rate limit', 'day limit alone', 'quota'],
		[429, 'request limit', 'second limit, 0 left, reset in 1 s', 'crowding'],
		[429, 'none', 'second limit, 0 left, reset in 1 s', 'crowding'],
		[429, 'none', 'Retry-After 2 h', 'quota'],
		[429, 'refused', 'reset at midnight (epoch)', 'quota'],
		[429, 'none', '0 left', 'unknown'],
		[429, 'none', 'Retry-After 0', 'unknown'],
		// weaker words last
		[429, 'request limit', 'none', 'quota'],
		[429, 'request limit', '0 left', 'quota'],
		[429, 'rate limit', 'none', 'crowding'],
		[429, 'refused', 'none', 'unknown'],
		[429, 'none', 'none', 'unknown'],
		// the status: a 403 is the quota only when it names a spent daily limit; other statuses never
		[403, 'daily', 'none', 'quota'],
		[403, 'daily', 'day limit, 734 left', 'crowding'],
		[403, 'none', 'day limit, 0 left', 'none'],
		[403, 'refused', 'none', 'none'],
		[500, 'daily', 'day limit, 0 left', 'none'],
		[503, 'none', 'Retry-After 2 h', 'none'],
		[200, 'none', 'day limit, 0 left', 'none'],
	];
	it.each(table)('%i with words "%s" and headers "%s" is %s', (status, said, headers, kind) => {
		const body = words[said] === undefined ? {} : { error_message: words[said] };
		const answer = { statusCode: status, headers: { ...headerSets[headers] }, body };
		expect(refusalKindOf(signalsOf(answer, now))).toBe(kind);
		expect(isQuotaAnswer(answer, now)).toBe(kind === 'quota');
		// header names in any case
		const lower = Object.fromEntries(Object.entries(headerSets[headers]).map(([name, value]) => [name.toLowerCase(), value]));
		expect(refusalKindOf(signalsOf({ ...answer, headers: lower }, now))).toBe(kind);
	});

	it("a crowding 429 that carries the day's headers with requests left is retried, and the item goes through", async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({
			fault: { kind: 'status', status: 429, headers: { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '734' } },
			times: 2,
		});
		const { items, error } = await runNode({ parameters: getLead(lead.lead_id), credentials: credentialsFor(server) });
		expect(error).toBeUndefined();
		expect(items[0].json.lead_id).toBe(lead.lead_id);
		expect(statuses()).toEqual([429, 429, 200]);
	});
});

describe('a refusal that keeps coming stops the run after a bounded time', () => {
	it('an unknown 429 for every item: the first item rides out Max Wait, the rest are not sent', async () => {
		server.injectFault({
			fault: { kind: 'status', status: 429, body: JSON.stringify({ error_message: 'Request refused.' }) },
			times: Infinity,
		});
		const { items } = await runNode({
			// one at a time: item after item would each walk through Max Wait
			parameters: getLead('={{ $json.id }}', { rateLimitHandling: { maxWaitSeconds: 2, maxInFlight: 1 } }),
			items: Array.from({ length: 30 }, (_, i) => ({ id: 70_000_000 + i })),
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(items).toHaveLength(30);
		// The first item gives up after Max Wait; the run stops once no request went through for 5 s (Max Wait, or 5 s at least).
		expect(items[0].error?.message).toMatch(/^WhatConverts kept refusing requests as too many \(429\)/);
		const stopped = items.filter(
			(item) => item.error?.message === 'WhatConverts keeps refusing this API key (429): the rest of this run is not sent',
		);
		expect(stopped.length).toBeGreaterThanOrEqual(27);
		expect(stopped[0].error?.description).toMatch(
			/for \d+ s, WhatConverts has answered every request of this run with 429 and accepted none/,
		);
		expect(stopped[0].error?.description).toMatch(/WhatConverts said: "Request refused\."$/);
		// each item alone would have sent about 8 over its Max Wait: 240 in all, over a minute
		expect(server.log.length).toBeLessThanOrEqual(30);
	});

	it('a crowding that never lets up, with many items at once: the run stops after Max Wait, not item after item', async () => {
		server.injectFault({ fault: { kind: 'status', status: 429 }, times: Infinity });
		const { items } = await runNode({
			parameters: getLead('={{ $json.id }}', { rateLimitHandling: { maxWaitSeconds: 6 } }),
			items: Array.from({ length: 40 }, (_, i) => ({ id: 70_000_000 + i })),
			credentials: credentialsFor(server),
			continueOnFail: true,
		});
		expect(items.every((item) => item.error)).toBe(true);
		expect(items.filter((item) => /keeps refusing this API key/.test(item.error?.message ?? '')).length).toBeGreaterThan(20);
		expect(server.log.length).toBeLessThanOrEqual(100);
	});
});

describe("a run's refused requests are counted", () => {
	// Through the engine a run meets this budget only after long minutes of refusals: the accounting itself.
	it('a run may spend 100 refused requests, and one more for every 10 accepted, then it stops', () => {
		const run = refusalsOf(`budget-${Date.now()}`, 'key');
		for (let i = 0; i < 100; i++) countAnswer(run, true, 'Too many requests.');
		expect(run?.stopped).toBeUndefined();
		for (let i = 0; i < 50; i++) countAnswer(run, false, undefined);
		for (let i = 0; i < 5; i++) countAnswer(run, true, 'Too many requests.');
		expect(run?.stopped).toBeUndefined();
		countAnswer(run, true, 'Too many requests.');
		expect(run?.stopped).toMatchObject({ reason: 'budget', refused: 106, apiMessage: 'Too many requests.' });
		expect(refusalsOf(undefined, 'key')).toBeUndefined();
	});

	it.each([
		['Daily API request limit reached. Requests fail until the limit resets at 00:00 UTC.', 'quota'],
		['Too many concurrent requests: at most 20 requests may be in flight at once.', 'crowding'],
		['Request refused.', 'unknown'],
	])('the test server\'s "%s" reads as %s', (message, kind) => {
		expect(refusalKind({ statusCode: 429, headers: {}, body: { error_message: message } })).toBe(kind);
	});
});

describe('a timeout of its own', () => {
	it('a server that takes the request and never answers stops the item after the Timeout, with one request', async () => {
		server.injectFault({ fault: { kind: 'silent' }, times: Infinity });
		const { error } = await runNode({
			parameters: getLead(1, { rateLimitHandling: { timeoutSeconds: 1 } }),
			credentials: credentialsFor(server),
		});
		expect(error?.message).toBe(
			"Could not get an answer from WhatConverts for GET /leads/1: no answer came within 1 s ('Timeout (Seconds)' under 'Rate Limit Handling')",
		);
		expect(server.log).toHaveLength(1);
	});

	it('a slow answer within the Timeout is taken', async () => {
		const [lead] = server.addLeads(1);
		server.injectFault({ fault: { kind: 'slow', ms: 300 }, times: 1 });
		const { error } = await runNode({
			parameters: getLead(lead.lead_id, { rateLimitHandling: { timeoutSeconds: 2 } }),
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(server.log).toHaveLength(1);
	});
});

describe('a delete done, though its answer was lost', () => {
	const deleteNumber = (id: string) => ({
		resource: 'trackingNumber',
		operation: 'delete',
		phoneNumberId: id,
		rateLimitHandling: QUICK_RETRIES,
	});
	it.each([
		['answered 502', { kind: 'status', status: 502 } as const, /^An earlier attempt of this delete answered 502/],
		[
			'cut off',
			{ kind: 'drop' } as const,
			/^An earlier attempt of this delete got no answer \(the connection was closed before the answer came\)/,
		],
	])('a delete %s after the work, whose retry is told "not found", is reported done with a note', async (_, fault, earlier) => {
		server.injectFault({ fault, times: 1, method: 'DELETE', executed: true });
		const { items, error } = await runNode({ parameters: deleteNumber('5001'), credentials: credentialsFor(server, server.keys.master) });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ deleted: true, phone_number_id: 5001, note: expect.stringMatching(earlier) });
		expect(items[0].json.note).toMatch(
			/the retry was told the tracking number does not exist \("Invalid phone number ID\."\): that attempt deleted it\.$/,
		);
		expect(statuses()).toEqual([fault.kind === 'drop' ? 0 : 502, 400]);
		expect(server.data.numbers.some((number) => number.phone_number_id === 5001)).toBe(false);
	});

	it('a delete told "not found" at its first attempt still fails', async () => {
		const { error } = await runNode({ parameters: deleteNumber('999999'), credentials: credentialsFor(server, server.keys.master) });
		expect(error?.message).toBe('WhatConverts refused the request: Invalid phone number ID.');
		expect(server.log).toHaveLength(1);
	});

	it('an account delete alike', async () => {
		server.injectFault({ fault: { kind: 'status', status: 502 }, times: 1, method: 'DELETE', executed: true });
		const { items, error } = await runNode({
			parameters: {
				resource: 'account',
				operation: 'delete',
				accountId: { __rl: true, mode: 'id', value: '1003' },
				rateLimitHandling: QUICK_RETRIES,
			},
			credentials: credentialsFor(server, server.keys.master),
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ deleted: true, account_id: 1003, note: expect.stringMatching(/that attempt deleted it\.$/) });
	});
});

describe('an answer that contradicts the filter asked', () => {
	const pick = (id: number) => ({ __rl: true, mode: 'id', value: String(id) });

	it("a profile key asking another profile's leads fails the item: the key reaches only its own profile", async () => {
		server.addLeads(3);
		server.addLeads(2, { profileId: 2002 });
		const parameters = { resource: 'lead', operation: 'getAll', returnAll: true, filters: { profileId: pick(2002) } };
		const { items, error } = await runNode({ parameters, credentials: credentialsFor(server) });
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(
			'WhatConverts answered the Profile filter 2002 with leads of profile_id 2001: this API key reaches only its own profile',
		);
		expect(error?.description).toMatch(/use a master \(agency\) API key/);
		// the same filter with a master key, and the key's own profile with the profile key, are answered as asked
		const master = await runNode({ parameters, credentials: credentialsFor(server, server.keys.master) });
		expect(master.items.map((item) => item.json.profile_id)).toEqual([2002, 2002]);
		const own = await runNode({ parameters: { ...parameters, filters: { profileId: pick(2001) } }, credentials: credentialsFor(server) });
		expect(own.items).toHaveLength(3);
	});

	it('an account filter alike, on tracking numbers', async () => {
		const parameters = { resource: 'trackingNumber', operation: 'getAll', returnAll: true, filters: { accountId: pick(1002) } };
		const { error } = await runNode({ parameters, credentials: credentialsFor(server) });
		expect(error?.message).toBe(
			'WhatConverts answered the Account filter 1002 with tracking numbers of account_id 1001: this API key reaches only its own profile',
		);
	});
});
