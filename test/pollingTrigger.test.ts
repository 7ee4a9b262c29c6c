// The polling trigger in n8n's real poll machinery (PollTriggerExecutor, PollContext) against the
// local WhatConverts server, over a simulated clock: Date is faked (timers are not), and the server
// dates new leads and counts its daily quota by the same clock.
import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { PollingTrigger } from './harness/triggers';
import { credentialsFor } from './harness/whatconverts';
import { isoSec, WhatConvertsServer } from './server';

const MINUTE = 60_000;
const START = Date.parse('2025-03-10T08:00:00Z');
// One retry, no waiting: injected 429s carry Retry-After: 0.
const RETRIES = { maxRetries: 1, maxWaitSeconds: 5 };

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
	jest.setSystemTime(START);
	server.reset();
	server.clearLeads();
});
afterEach(() => jest.useRealTimers());

const advance = (minutes: number) => jest.setSystemTime(Date.now() + minutes * MINUTE);
const at = (minutesFromNow: number) => isoSec(Date.now() + minutesFromNow * MINUTE);
const ids = (items: IDataObject[] | null) => (items ?? []).map((lead) => Number(lead.lead_id));
const leadRequests = () => server.log.filter((entry) => entry.path === '/leads');

/** Counts the /leads requests one step makes. */
async function counted<T>(step: () => Promise<T>): Promise<{ result: T; requests: number }> {
	const before = leadRequests().length;
	const result = await step();
	return { result, requests: leadRequests().length - before };
}

function expectOldestFirst(items: IDataObject[] | null) {
	const keys = (items ?? []).map((lead) => `${String(lead.date_created)}|${String(lead.lead_id).padStart(12, '0')}`);
	expect(keys).toEqual([...keys].sort());
}

function trigger(parameters: IDataObject = {}, extra: { pollBudgetMs?: number; key?: 'profile' | 'master' } = {}) {
	return new PollingTrigger({
		parameters: { event: 'newLead', rateLimitHandling: RETRIES, ...parameters },
		credentials: credentialsFor(server, server.keys[extra.key ?? 'profile']),
		pollBudgetMs: extra.pollBudgetMs,
	});
}

/** Activates the trigger as n8n does, then runs the first scheduled poll, which sets the cursor. */
async function activated(parameters: IDataObject = {}, extra: { pollBudgetMs?: number; key?: 'profile' | 'master' } = {}) {
	const poller = trigger(parameters, extra);
	const activation = await poller.activate();
	expect(activation).toEqual({ items: null });
	const first = await poller.poll();
	expect(first).toEqual({ items: null });
	return poller;
}

describe('newLead', () => {
	it('starts from now, emits leads arriving later once and oldest first, and an idle poll costs one request', async () => {
		const old = server.addLeads(40);
		const poller = trigger();
		const { requests: activationRequests } = await counted(() => poller.activate());
		expect(activationRequests).toBe(1);
		const { result: first, requests: firstRequests } = await counted(() => poller.poll());
		expect(first.items).toBeNull();
		expect(firstRequests).toBe(1);

		advance(5);
		const b = server.addLead({ date_created: at(-2) });
		const a = server.addLead({ date_created: at(-4) });
		const c = server.addLead({ date_created: at(-1) });
		const { result, requests } = await counted(() => poller.poll());
		expect(result.error).toBeUndefined();
		expect(ids(result.items)).toEqual([a.lead_id, b.lead_id, c.lead_id]);
		expect(requests).toBe(1);
		expect(ids(result.items)).not.toContain(old[old.length - 1].lead_id);

		advance(5);
		const idle = await counted(() => poller.poll());
		expect(idle.result).toEqual({ items: null });
		expect(idle.requests).toBe(1);
		const query = leadRequests().at(-1)!.query;
		expect(query).toMatchObject({ order: 'asc', leads_per_page: '2500', page_number: '1' });
		expect(query.start_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	});

	it('emits leads sharing a second, and back-dated leads within the late-lead window, each once', async () => {
		const poller = await activated();
		advance(5);
		const second = at(0);
		const [a, b] = [server.addLead({ date_created: second }), server.addLead({ date_created: second })];
		expect(ids((await poller.poll()).items)).toEqual([a.lead_id, b.lead_id]);

		// Saved after the poll, in the same second as the two already emitted.
		const c = server.addLead({ date_created: second });
		advance(5);
		// Saved late with a creation time 8 minutes back, and one far outside the 10-minute window.
		const late = server.addLead({ date_created: at(-8) });
		server.addLead({ date_created: at(-120) });
		const next = await poller.poll();
		expect(ids(next.items)).toEqual([late.lead_id, c.lead_id]);
		expectOldestFirst(next.items);
		expect(await poller.poll()).toEqual({ items: null });
	});

	it('catches leads saved hours late when the late-lead window is widened', async () => {
		const poller = await activated({ options: { lateLeadMinutes: 180 } });
		advance(5);
		const recent = server.addLead({ date_created: at(0) });
		expect(ids((await poller.poll()).items)).toEqual([recent.lead_id]);
		advance(5);
		const late = server.addLead({ date_created: at(-150) });
		expect(ids((await poller.poll()).items)).toEqual([late.lead_id]);
		expect((await counted(() => poller.poll())).requests).toBe(1);
	});

	it('emits a burst of 6,000 in three requests, oldest first, then idles at one request', async () => {
		const poller = await activated();
		advance(60);
		const burst = server.addLeads(6000, { startAt: at(-50), stepSeconds: 0.5 });
		const { result, requests } = await counted(() => poller.poll());
		expect(requests).toBe(3);
		expect(ids(result.items)).toEqual(burst.map((lead) => lead.lead_id));
		expectOldestFirst(result.items);
		// The cursor keeps a bounded set of ids.
		expect((poller.cursor.seen as unknown[]).length).toBeLessThanOrEqual(2400);

		advance(5);
		const idle = await counted(() => poller.poll());
		expect(idle.result).toEqual({ items: null });
		expect(idle.requests).toBe(1);
	});

	it('keeps a burst within one second exact: every id of the cut-off second stays in the cursor', async () => {
		const poller = await activated();
		advance(5);
		const burst = server.addLeads(4000, { startAt: at(-1), stepSeconds: 0.001 }); // 1,000 leads a second
		expect(ids((await poller.poll()).items)).toEqual(burst.map((lead) => lead.lead_id));
		const sameSecond = server.addLead({ date_created: burst[burst.length - 1].date_created });
		advance(1);
		expect(ids((await poller.poll()).items)).toEqual([sameSecond.lead_id]);
		expect(await poller.poll()).toEqual({ items: null });
	});

	it('a poll failing on page 2 of 3 emits nothing and keeps its cursor; the next poll emits all, once', async () => {
		const poller = await activated();
		advance(60);
		const burst = server.addLeads(6000, { startAt: at(-50), stepSeconds: 0.5 });
		const before = JSON.stringify(poller.cursor);
		// Page 2 keeps answering 500: the first try and the one retry.
		server.injectFault({ fault: { kind: 'status', status: 500 }, path: '/leads', afterRequests: 1, times: 2 });
		const failed = await counted(() => poller.poll());
		expect(failed.result.items).toBeNull();
		expect(failed.result.error?.message).toMatch(/server error \(500\)/);
		expect(failed.requests).toBe(3);
		expect(JSON.stringify(poller.cursor)).toBe(before);

		// Then 429s beyond the retries on page 3.
		server.injectFault({
			fault: { kind: 'status', status: 429, retryAfter: '0', body: '{"error_message":"Too many requests."}' },
			path: '/leads',
			afterRequests: 2,
			times: 2,
		});
		const refused = await poller.poll();
		expect(refused.items).toBeNull();
		expect(refused.error?.message).toMatch(/kept refusing requests as too many \(429\): sent 2 times/);
		expect(JSON.stringify(poller.cursor)).toBe(before);

		const { result, requests } = await counted(() => poller.poll());
		expect(result.error).toBeUndefined();
		expect(requests).toBe(3);
		expect(ids(result.items)).toEqual(burst.map((lead) => lead.lead_id));
		expect(await poller.poll()).toEqual({ items: null });
	});

	it('rides out a 429 within the retries without losing a page', async () => {
		const poller = await activated();
		advance(5);
		const leads = server.addLeads(3000, { startAt: at(-4), stepSeconds: 0.05 });
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '0' }, path: '/leads', afterRequests: 1, times: 1 });
		const { result, requests } = await counted(() => poller.poll());
		expect(result.error).toBeUndefined();
		expect(requests).toBe(3);
		expect(ids(result.items)).toEqual(leads.map((lead) => lead.lead_id));
	});

	it('after a restart with the saved static data, repeats nothing and misses nothing', async () => {
		const poller = await activated();
		advance(5);
		const first = server.addLeads(3, { startAt: at(-3) });
		expect(ids((await poller.poll()).items)).toEqual(first.map((lead) => lead.lead_id));

		// n8n goes down; leads keep coming, one of them in the second of the last one emitted.
		const restarted = poller.restart();
		advance(30);
		const sameSecond = server.addLead({ date_created: first[2].date_created });
		const later = server.addLeads(4, { startAt: at(-20), stepSeconds: 240 });
		const after = await restarted.poll();
		expect(ids(after.items)).toEqual([sameSecond.lead_id, ...later.map((lead) => lead.lead_id)]);
		expect(await restarted.poll()).toEqual({ items: null });
	});

	it('stops at the spent daily quota with its reset time, then catches up after the reset', async () => {
		const poller = await activated();
		advance(5);
		const waiting = server.addLeads(5, { startAt: at(-4) });
		server.setQuotaUsed('profile', 1000);
		const { result, requests } = await counted(() => poller.poll());
		expect(requests).toBe(1); // no retry against a spent quota
		expect(result.items).toBeNull();
		expect(result.error?.message).toMatch(/daily request quota is used up: it resets at 00:00 UTC, in 15 h 55 min/);
		expect(result.error?.description).toMatch(/1,000 requests a day/);

		jest.setSystemTime(Date.parse('2025-03-11T00:01:00Z'));
		const more = server.addLead({ date_created: at(-1) });
		const caughtUp = await poller.poll();
		expect(ids(caughtUp.items)).toEqual([...waiting.map((lead) => lead.lead_id), more.lead_id]);
	});

	it('surfaces a rejected key as the node does, without touching the cursor', async () => {
		const poller = await activated();
		const broken = new PollingTrigger({
			parameters: { event: 'newLead' },
			credentials: { ...credentialsFor(server), apiSecret: 'wrong' },
			saved: poller.saved,
		});
		const outcome = await broken.poll();
		expect(outcome.items).toBeNull();
		expect(outcome.error?.message).toMatch(/rejected the API token or secret: Authentication failed/);
		expect(broken.cursor).toEqual(poller.cursor);
	});

	it('a failing activation surfaces its error, as n8n then refuses to activate', async () => {
		server.injectFault({ fault: { kind: 'status', status: 401, body: '{"error_message":"Authentication failed."}' }, times: 1 });
		const outcome = await trigger().activate();
		expect(outcome.error?.message).toMatch(/rejected the API token or secret/);
	});

	it('sends the filters as the API query, and a change of filters starts over from now', async () => {
		const poller = await activated({ filters: { leadType: 'phone_call', leadSource: 'google', spam: false } });
		advance(5);
		const call = server.addLead({ date_created: at(-1), lead_type: 'phone_call', lead_source: 'google' });
		server.addLead({ date_created: at(-1), lead_type: 'web_form', lead_source: 'google' });
		expect(ids((await poller.poll()).items)).toEqual([call.lead_id]);
		expect(leadRequests().at(-1)!.query).toMatchObject({ lead_type: 'phone_call', lead_source: 'google', spam: 'false' });

		const widened = new PollingTrigger({
			parameters: { event: 'newLead', filters: { leadSource: 'google' } },
			credentials: credentialsFor(server),
			saved: poller.saved,
		});
		expect(await widened.poll()).toEqual({ items: null }); // starts over: the web form is "existing"
		advance(5);
		const form = server.addLead({ date_created: at(-1), lead_type: 'web_form', lead_source: 'google' });
		expect(ids((await widened.poll()).items)).toEqual([form.lead_id]);
	});

	it('sends account and profile pickers as plain ids (master key)', async () => {
		const [mine, other] = server.data.profiles;
		const poller = await activated(
			{ filters: { profileId: { __rl: true, mode: 'list', value: String(mine.profile_id) } } },
			{ key: 'master' },
		);
		advance(5);
		const ours = server.addLead({ date_created: at(-1), profile_id: mine.profile_id });
		server.addLead({ date_created: at(-1), profile_id: other.profile_id });
		expect(ids((await poller.poll()).items)).toEqual([ours.lead_id]);
		expect(leadRequests().at(-1)!.query).toMatchObject({ profile_id: String(mine.profile_id) });
	});

	it('refuses a bad filter value before sending anything', async () => {
		const outcome = await trigger({ filters: { accountId: 'abc' } }).poll();
		expect(outcome.error?.message).toMatch(/Account ID "abc" is not a WhatConverts ID/);
		expect(leadRequests()).toHaveLength(0);
	});

	it('spreads a backlog larger than the poll budget over several polls, each lead once, in order', async () => {
		const poller = await activated({}, { pollBudgetMs: 0 });
		advance(60);
		const backlog = server.addLeads(6000, { startAt: at(-50), stepSeconds: 0.5 });
		const emitted: number[] = [];
		const counts: number[] = [];
		for (let poll = 0; poll < 4; poll++) {
			const { result, requests } = await counted(() => poller.poll());
			expectOldestFirst(result.items);
			emitted.push(...ids(result.items));
			counts.push(requests);
		}
		expect(emitted).toEqual(backlog.map((lead) => lead.lead_id));
		expect(counts).toEqual([1, 1, 1, 1]);
	});
});

describe('Fetch Test Event (manual mode)', () => {
	it('returns the newest matching lead in one request, without touching a cursor', async () => {
		server.addLeads(10, { lead_type: 'phone_call' });
		const newest = server.addLead({ date_created: at(-1), lead_type: 'phone_call' });
		server.addLead({ date_created: at(0), lead_type: 'web_form' });
		const { items, error, run } = await runNode({
			type: 'whatConvertsTrigger',
			parameters: { event: 'newLead', filters: { leadType: 'phone_call' } },
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.lead_id)).toEqual([newest.lead_id]);
		expect(leadRequests()).toHaveLength(1);
		expect(leadRequests()[0].query).toMatchObject({ order: 'desc', leads_per_page: '1', lead_type: 'phone_call' });
		expect(run.data.resultData.runData).toBeDefined();
	});

	it('says clearly when no lead matches', async () => {
		const { items, error } = await runNode({
			type: 'whatConvertsTrigger',
			parameters: { event: 'updatedLead', filters: { leadType: 'chat' } },
			credentials: credentialsFor(server),
		});
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('No WhatConverts lead matches the filters yet');
	});
});

describe('updatedLead', () => {
	it('emits leads whose last_updated moved, once per change, at ⌈leads in window ÷ 2,500⌉ requests a poll', async () => {
		server.addLeads(500, { startAt: '2024-12-01T00:00:00Z', stepSeconds: 60 }); // older than 30 days
		const recent = server.addLeads(3000, { startAt: at(-20 * 24 * 60), stepSeconds: 60 });
		const old = server.addLeads(1, { startAt: '2024-12-20T00:00:00Z' })[0];
		const poller = trigger({ event: 'updatedLead' });
		expect((await poller.activate()).items).toBeNull();
		const first = await counted(() => poller.poll());
		expect(first.result).toEqual({ items: null });
		expect(first.requests).toBe(2);
		expect(leadRequests().at(-1)!.query).toMatchObject({ start_date: '2025-02-08T08:00:00Z' });

		advance(5);
		server.updateLead(recent[10].lead_id, { quote_value: 250 });
		advance(1);
		server.updateLead(recent[5].lead_id, { sales_value: 90 });
		server.updateLead(recent[10].lead_id, { sales_value: 100 }); // twice between polls: once
		server.updateLead(old.lead_id, { quote_value: 1 }); // created outside the window
		const fresh = server.addLead({ date_created: at(0) }); // new, not updated
		const { result, requests } = await counted(() => poller.poll());
		expect(requests).toBe(2);
		expect(ids(result.items)).toEqual([recent[5].lead_id, recent[10].lead_id]);
		expect(result.items?.[1]).toMatchObject({ quote_value: 250, sales_value: 100 });
		expect(ids(result.items)).not.toContain(fresh.lead_id);

		const idle = await counted(() => poller.poll());
		expect(idle.result).toEqual({ items: null });
		expect(idle.requests).toBe(2);
	});

	it('emits a lead that an edit brings into the filters, and a lead created and edited between polls', async () => {
		const leads = server.addLeads(20, { startAt: at(-600), stepSeconds: 60 });
		const poller = trigger({ event: 'updatedLead', filters: { quoteValue: 'has_value' } });
		await poller.activate();
		expect(await poller.poll()).toEqual({ items: null });
		advance(5);
		server.updateLead(leads[3].lead_id, { quote_value: 75 });
		const created = server.addLead({ date_created: at(-2), quote_value: 10 });
		server.updateLead(created.lead_id, { quote_value: 20 });
		const outcome = await poller.poll();
		expect(ids(outcome.items)).toEqual([leads[3].lead_id, created.lead_id]);
		expect(leadRequests().at(-1)!.query).toMatchObject({ quote_value: 'has_value' });
	});

	it('a failed poll loses no change: the next one emits it', async () => {
		const leads = server.addLeads(3000, { startAt: at(-3000), stepSeconds: 30 });
		const poller = trigger({ event: 'updatedLead' });
		await poller.activate();
		await poller.poll();
		advance(5);
		server.updateLead(leads[2999].lead_id, { quote_value: 5 });
		server.injectFault({ fault: { kind: 'status', status: 503 }, path: '/leads', afterRequests: 1, times: 2 });
		const failed = await poller.poll();
		expect(failed.error?.message).toMatch(/server error \(503\)/);
		expect(ids((await poller.poll()).items)).toEqual([leads[2999].lead_id]);
	});
});

describe('a simulated day', () => {
	it('emits every lead exactly once through arrivals, bursts, 429s, a failed poll and a restart', async () => {
		// A small deterministic random source.
		let seed = 42;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		jest.setSystemTime(Date.parse('2025-03-10T00:00:00Z'));
		server.addLeads(200, { startAt: at(-24 * 60), stepSeconds: 400 });
		let poller = await activated();

		const created = new Set<number>();
		const emitted: number[] = [];
		const idleRequestCounts: number[] = [];
		let failures = 0;
		for (let tick = 1; tick < 288; tick++) {
			// Leads saved during the 5 minutes before this poll.
			const arrivals = random() < 0.5 ? 0 : Math.floor(random() * 4);
			// Saved up to 8 minutes late (within the 10-minute window), except just after a burst,
			// when the window is narrowed to the burst's newest 2,400 leads.
			const afterBurst = [101, 102, 151, 152].includes(tick);
			for (let i = 0; i < arrivals; i++) {
				const backDated = !afterBurst && random() < 0.15 ? Math.floor(random() * 4) : 0;
				created.add(server.addLead({ date_created: at(-Math.floor(random() * 5) - backDated) }).lead_id);
			}
			if (tick % 40 === 0) {
				const twin = at(-1);
				for (let i = 0; i < 3; i++) created.add(server.addLead({ date_created: twin }).lead_id);
			}
			if (tick === 100) server.addLeads(3100, { startAt: at(-4), stepSeconds: 0.05 }).forEach((lead) => created.add(lead.lead_id));
			if (tick === 150) server.addLeads(6000, { startAt: at(-5), stepSeconds: 0.04 }).forEach((lead) => created.add(lead.lead_id));
			if (tick % 25 === 0) {
				server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '0' }, path: '/leads', times: 1 });
			}
			if (tick === 150) {
				server.injectFault({ fault: { kind: 'status', status: 500 }, path: '/leads', afterRequests: 1, times: 2 });
			}
			if (tick === 200) poller = poller.restart();

			const { result, requests } = await counted(() => poller.poll());
			if (result.error) {
				failures++;
				expect(result.items).toBeNull();
			} else if (result.items === null && tick % 25 !== 0) {
				idleRequestCounts.push(requests);
			}
			expectOldestFirst(result.items);
			emitted.push(...ids(result.items));
			advance(5);
		}
		const last = await poller.poll();
		emitted.push(...ids(last.items));

		expect(failures).toBe(1);
		expect(created.size).toBeGreaterThan(9000);
		expect(emitted.length).toBe(created.size);
		expect(new Set(emitted)).toEqual(created);
		expect(idleRequestCounts.length).toBeGreaterThan(50);
		expect(idleRequestCounts.every((count) => count === 1)).toBe(true);
		// Well inside a profile key's 1,000 requests a day.
		expect(leadRequests().length).toBeLessThan(320);
	});
});
