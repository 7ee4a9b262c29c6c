// The polling trigger in n8n's real poll machinery (PollTriggerExecutor, PollContext) against the
// local WhatConverts server, over a simulated clock: Date is faked (timers are not), and the server
// dates new leads and counts its daily quota by the same clock.
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { loadPackage, runNode } from './harness/n8n';
import type { PollingTriggerOptions } from './harness/triggers';
import { PollingTrigger, serverOnFakedClock } from './harness/triggers';
import { credentialsFor } from './harness/whatconverts';
import { isoSec } from './server';

const MINUTE = 60_000;
const START = Date.parse('2025-03-10T08:00:00Z');
// One retry, no waiting: injected 429s carry Retry-After: 0.
const RETRIES = { maxRetries: 1, maxWaitSeconds: 5 };
// A schedule within a profile key's daily quota (288 polls a day); n8n's default, every minute, is not.
const EVERY_5_MINUTES = { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] };

const server = serverOnFakedClock(START);

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

type TriggerExtra = Pick<PollingTriggerOptions, 'pollBudgetMs' | 'cursors' | 'supersededPolls'> & { key?: 'profile' | 'master' };

function trigger(parameters: IDataObject = {}, { key, ...extra }: TriggerExtra = {}) {
	return new PollingTrigger({
		parameters: { event: 'newLead', pollTimes: EVERY_5_MINUTES, rateLimitHandling: RETRIES, ...parameters },
		credentials: credentialsFor(server, server.keys[key ?? 'profile']),
		...extra,
	});
}

/** Activates the trigger as n8n does, then runs the first scheduled poll, which sets the cursor. */
async function activated(parameters: IDataObject = {}, extra: TriggerExtra = {}) {
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

	it('emits a burst of 6,000 in three requests, oldest first, then idles at three while the burst is in the window, and at one after', async () => {
		const poller = await activated();
		advance(60);
		const burst = server.addLeads(6000, { startAt: at(-50), stepSeconds: 0.5 });
		const { result, requests } = await counted(() => poller.poll());
		expect(requests).toBe(3);
		expect(ids(result.items)).toEqual(burst.map((lead) => lead.lead_id));
		expectOldestFirst(result.items);
		// The cursor keeps the ids of the window (the last hour, while New Lead waits for calls to end:
		// all 6,000) in a few bytes a minute.
		expect(JSON.stringify(poller.cursor.seen).length).toBeLessThan(1500);

		advance(5);
		const idle = await counted(() => poller.poll());
		expect(idle.result).toEqual({ items: null });
		expect(idle.requests).toBe(3);
		// The window starts an hour before the previous poll: one poll more than an hour later, then one more.
		advance(60);
		expect(await poller.poll()).toEqual({ items: null });
		advance(5);
		const later = await counted(() => poller.poll());
		expect(later.result).toEqual({ items: null });
		expect(later.requests).toBe(1);
	});

	it('emits a lead dated before a same-second burst of 2,600 and saved after it once; idles at one request once the burst is older than the window', async () => {
		// Calls not waited for: the window is the 10-minute late-lead window.
		const poller = await activated({ options: { callWaitMinutes: 0 } });
		advance(5);
		const before = server.addLeads(3, { startAt: at(-4), stepSeconds: 30 });
		const burstSecond = at(-1);
		const burst = server.addLeads(2600, { startAt: burstSecond, stepSeconds: 0 });
		const first = await counted(() => poller.poll());
		// A page; the burst's second read whole by page number (2 pages); the rest of the window from the second after it.
		expect(first.requests).toBe(4);
		expect(ids(first.result.items)).toEqual([...before, ...burst].map((lead) => lead.lead_id));
		// The whole burst is in the cursor, in a few bytes.
		expect(JSON.stringify(poller.cursor).length).toBeLessThan(300);

		// Created 20 s before the burst, saved in WhatConverts only after the burst was read.
		advance(2);
		const late = server.addLead({ date_created: isoSec(Date.parse(burstSecond) - 20_000) });
		const after = server.addLead({ date_created: at(0) });
		const second = await counted(() => poller.poll());
		expect(ids(second.result.items)).toEqual([late.lead_id, after.lead_id]);
		expect(second.requests).toBe(4);

		// Idle polls read the window: 4 requests while the burst is in it, then 1.
		const idle: number[] = [];
		for (let poll = 0; poll < 4; poll++) {
			advance(5);
			const { result, requests } = await counted(() => poller.poll());
			expect(result).toEqual({ items: null });
			idle.push(requests);
		}
		expect(idle).toEqual([4, 4, 1, 1]);
		expect(JSON.stringify(poller.cursor.seen)).toBe('[]');
	});

	it('keeps a burst of 1,000 leads a second exact: a lead saved later in its last second is emitted once', async () => {
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
		expect(failed.result.error?.message).toMatch(/could not answer \(HTTP 500\)/);
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
			parameters: { event: 'newLead', pollTimes: EVERY_5_MINUTES, filters: { leadSource: 'google' } },
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

const EVERY_MINUTE = { item: [{ mode: 'everyMinute' }] };
const quotaProbes = () => server.log.filter((entry) => entry.path === '/accounts').map((entry) => entry.status);

describe('the daily quota', () => {
	it("New Lead on a profile key with n8n's default schedule, every minute, refuses to activate and says what fits", async () => {
		const poller = new PollingTrigger({ parameters: { event: 'newLead' }, credentials: credentialsFor(server, server.keys.profile) });
		const outcome = await poller.activate();
		expect(outcome.items).toBeNull();
		expect(outcome.error?.message).toBe(
			'This schedule costs 1,440 WhatConverts requests a day: more than the 1,000 this profile key allows',
		);
		expect(outcome.error?.description).toBe(
			'New Lead costs one request for each poll that finds nothing new. n8n polls 1,440 times a day on this schedule. ' +
				'The key would run out by about 16:40 UTC every day, and every workflow using it would be refused until the quota resets at 00:00 UTC. ' +
				'Poll every 2 minutes (720 requests a day) or less often, or use a master (agency) key (10,000 requests a day).',
		);
		// One lead read, and one request to tell the key's kind: a profile key may not list accounts.
		expect(server.log.map((entry) => [entry.path, entry.status])).toEqual([
			['/leads', 200],
			['/accounts', 403],
		]);
		expect(poller.saved).toEqual({});
	});

	it('a master key polls every minute; its kind is asked once and kept in the static data', async () => {
		const poller = trigger({ pollTimes: EVERY_MINUTE }, { key: 'master' });
		expect(await poller.activate()).toEqual({ items: null });
		expect(quotaProbes()).toEqual([200]);
		// n8n does not save what an activation returning nothing changed: the first poll asks again.
		expect(await poller.poll()).toEqual({ items: null });
		expect(quotaProbes()).toEqual([200, 200]);
		expect(poller.cursor.quota).toMatchObject({ kind: 'master' });
		advance(1);
		const lead = server.addLead({ date_created: at(0) });
		expect(ids((await poller.restart().poll()).items)).toEqual([lead.lead_id]);
		expect(quotaProbes()).toEqual([200, 200]);
	});

	it("a schedule within a profile key's quota costs no request to check", async () => {
		const poller = trigger({ pollTimes: { item: [{ mode: 'everyX', value: 2, unit: 'minutes' }] } });
		expect(await poller.activate()).toEqual({ items: null });
		expect(await poller.poll()).toEqual({ items: null });
		expect(quotaProbes()).toEqual([]);
	});

	it('counts every poll time and custom crons, and checks again when the node is edited', async () => {
		const twice = {
			item: [
				{ mode: 'everyX', value: 2, unit: 'minutes' },
				{ mode: 'custom', cronExpression: '30 */2 * * * *' },
			],
		};
		const outcome = await trigger({ pollTimes: twice }).activate();
		expect(outcome.error?.message).toMatch(/^This schedule costs 1,440 WhatConverts requests a day/);
		const poller = await activated({ pollTimes: { item: [{ mode: 'custom', cronExpression: '0 8-17 * * 1-5' }] } });
		// Edited to every minute: the next poll refuses, before the cursor moves.
		const edited = new PollingTrigger({
			parameters: { ...poller.node.parameters, pollTimes: EVERY_MINUTE },
			credentials: credentialsFor(server, server.keys.profile),
			saved: poller.saved,
		});
		const refused = await edited.poll();
		expect(refused.error?.message).toMatch(/^This schedule costs 1,440/);
		expect(edited.cursor).toEqual(poller.cursor);
	});

	it('Updated Lead counts the pages of its window, and suggests a shorter window too', async () => {
		server.addLeads(3000, { startAt: at(-20 * 24 * 60), stepSeconds: 60 });
		const outcome = await trigger({
			event: 'updatedLead',
			pollTimes: { item: [{ mode: 'everyX', value: 2, unit: 'minutes' }] },
		}).activate();
		expect(outcome.error?.message).toBe(
			'This schedule costs 1,440 WhatConverts requests a day: more than the 1,000 this profile key allows',
		);
		expect(outcome.error?.description).toMatch(
			/^Updated Lead reads all 3,000 leads of the 30-day look-back window in each poll: 2 requests \(one per 2,500 leads\)\. n8n polls 720 times a day/,
		);
		expect(outcome.error?.description).toMatch(
			/Poll every 3 minutes \(960 requests a day\) or less often, shorten the look-back window, or use a master \(agency\) key/,
		);
		expect(await trigger({ event: 'updatedLead' }).activate()).toEqual({ items: null });
	});

	it('warns in the editor before activation exactly when activation on a profile key fails', async () => {
		const pkg = await loadPackage();
		const type = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConvertsTrigger', 1) as INodeType;
		const [hint] = type.description.hints!;
		expect(hint).toMatchObject({ type: 'warning', message: expect.stringMatching(/^This schedule polls more than 1,000 times a day/) });
		const schedules: Array<[string, IDataObject | undefined]> = [
			["n8n's default", undefined],
			['every minute', EVERY_MINUTE],
			['every 1 minute', { item: [{ mode: 'everyX', value: 1, unit: 'minutes' }] }],
			['every 2 minutes', { item: [{ mode: 'everyX', value: 2, unit: 'minutes' }] }],
			[
				'every 2 minutes, twice',
				{
					item: [
						{ mode: 'everyX', value: 2, unit: 'minutes' },
						{ mode: 'everyX', value: 2, unit: 'minutes' },
					],
				},
			],
			['every hour', { item: [{ mode: 'everyHour', minute: 5 }] }],
			['every 1 hour', { item: [{ mode: 'everyX', value: 1, unit: 'hours' }] }],
			['no poll times', { item: [] }],
		];
		const shown: Record<string, boolean> = {};
		const refused: Record<string, boolean> = {};
		for (const [name, pollTimes] of schedules) {
			const parameters: IDataObject = { event: 'newLead', ...(pollTimes ? { pollTimes } : {}) };
			const node = { ...trigger().node, parameters: parameters as INodeParameters };
			const workflow = new Workflow({ id: 'hint', nodes: [node], connections: {}, nodeTypes: pkg.nodeTypes, active: false });
			shown[name] = workflow.expression.getSimpleParameterValue(node, hint.displayCondition!, 'internal', {}) as boolean;
			server.reset();
			const outcome = await new PollingTrigger({
				parameters: parameters as INodeParameters,
				credentials: credentialsFor(server),
			}).activate();
			refused[name] = /requests a day: more than/.test(outcome.error?.message ?? '');
		}
		expect(shown).toEqual(refused);
		expect(Object.values(shown).filter(Boolean)).toHaveLength(4);
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
		expect(leadRequests().at(-2)!.query).toMatchObject({ start_date: '2025-02-08T08:00:00Z', end_date: '2025-03-10T08:00:00Z' });

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
		const created = server.addLead({ date_created: at(-2), quote_value: 10, lead_type: 'web_form' });
		server.updateLead(created.lead_id, { quote_value: 20 });
		const outcome = await poller.poll();
		expect(ids(outcome.items)).toEqual([leads[3].lead_id, created.lead_id]);
		expect(leadRequests().at(-1)!.query).toMatchObject({ quote_value: 'has_value' });
	});

	it('keeps only the edits of the late window, not the leads of the look-back window', async () => {
		const leads = server.addLeads(6000, { startAt: at(-20 * 24 * 60), stepSeconds: 240 });
		const poller = trigger({ event: 'updatedLead' });
		await poller.activate();
		await poller.poll();
		expect(poller.cursor.seen).toEqual([]);
		advance(5);
		for (const lead of leads.slice(0, 100)) server.updateLead(lead.lead_id, { quotable: 'yes' });
		expect(ids((await poller.poll()).items)).toEqual(leads.slice(0, 100).map((lead) => lead.lead_id));
		// 100 edits in one second: a few bytes; the 6,000 leads of the window are not in the cursor.
		expect(JSON.stringify(poller.cursor).length).toBeLessThan(400);
		for (let poll = 0; poll < 3; poll++) {
			advance(5);
			expect(await poller.poll()).toEqual({ items: null });
		}
		expect(poller.cursor.seen).toEqual([]);
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
		expect(failed.error?.message).toMatch(/could not answer \(HTTP 503\)/);
		expect(ids((await poller.poll()).items)).toEqual([leads[2999].lead_id]);
	});
});

describe('calls and chats as WhatConverts sends them', () => {
	beforeEach(() => {
		server.behaviour.leadShape = 'real';
	});

	describe('New Lead', () => {
		it('waits for a call listed while it goes on, and emits it once it has ended, with its duration', async () => {
			const poller = await activated();
			advance(5);
			const call = server.startCall();
			expect(await poller.poll()).toEqual({ items: null });
			advance(5);
			server.completeCall(call.lead_id, { durationSeconds: 240 });
			const ended = await poller.poll();
			expect(ids(ended.items)).toEqual([call.lead_id]);
			expect(ended.items?.[0]).toMatchObject({ lead_state: 'Completed', call_status: 'Completed', call_duration_seconds: 240 });
			advance(5);
			expect(await poller.poll()).toEqual({ items: null });
		});

		it('emits once a call that WhatConverts lists only after it ended, 40 minutes after it began', async () => {
			server.behaviour.listsInProgress = false;
			const poller = await activated();
			const call = server.startCall({ date_created: at(0) });
			for (let poll = 0; poll < 8; poll++) {
				advance(5);
				expect(await poller.poll()).toEqual({ items: null });
			}
			server.completeCall(call.lead_id);
			advance(1);
			expect(ids((await poller.poll()).items)).toEqual([call.lead_id]);
			advance(5);
			expect(await poller.poll()).toEqual({ items: null });
		});

		it('a chat alike, and the vendor\'s own "In Progess" is read as going on', async () => {
			const poller = await activated();
			advance(5);
			const chat = server.startCall({ lead_type: 'chat', lead_state: 'In Progess' });
			expect(await poller.poll()).toEqual({ items: null });
			advance(5);
			server.completeCall(chat.lead_id);
			expect(ids((await poller.poll()).items)).toEqual([chat.lead_id]);
		});

		it('a text message or web form whose lead_state reads "In Progress" or "In Progess" is emitted at once, as any lead', async () => {
			const poller = await activated();
			advance(5);
			const others = [
				server.addLead({ lead_type: 'text_message', lead_state: 'In Progess', date_created: at(-2) }),
				server.addLead({ lead_type: 'web_form', lead_state: 'In Progress', date_created: at(-1) }),
			];
			const call = server.startCall();
			expect(ids((await poller.poll()).items)).toEqual(others.map((lead) => lead.lead_id));
			advance(5);
			server.completeCall(call.lead_id);
			expect(ids((await poller.poll()).items)).toEqual([call.lead_id]);
		});

		it('emits a call still going after the wait as it is, and not again when it ends', async () => {
			const poller = await activated({ options: { callWaitMinutes: 20 } });
			advance(1);
			const call = server.startCall();
			const emitted: IDataObject[] = [];
			for (let poll = 0; poll < 6; poll++) {
				advance(5);
				emitted.push(...((await poller.poll()).items ?? []));
			}
			expect(emitted.map((lead) => [lead.lead_id, lead.lead_state])).toEqual([[call.lead_id, 'In Progress']]);
			server.completeCall(call.lead_id);
			advance(5);
			expect(await poller.poll()).toEqual({ items: null });
		});

		it('with the wait at 0, emits a call as soon as it is listed, and not again when it ends', async () => {
			const poller = await activated({ options: { callWaitMinutes: 0 } });
			advance(5);
			const call = server.startCall();
			const listed = await poller.poll();
			expect(listed.items?.map((lead) => [lead.lead_id, lead.lead_state])).toEqual([[call.lead_id, 'In Progress']]);
			server.completeCall(call.lead_id);
			advance(5);
			expect(await poller.poll()).toEqual({ items: null });
		});

		it('a call going on when the trigger is activated is emitted once it ends', async () => {
			server.addLeads(5, { startAt: at(-10) });
			const call = server.startCall({ date_created: at(-2) });
			const poller = await activated();
			advance(5);
			expect(await poller.poll()).toEqual({ items: null });
			server.completeCall(call.lead_id);
			advance(5);
			expect(ids((await poller.poll()).items)).toEqual([call.lead_id]);
		});
	});

	describe('Updated Lead', () => {
		for (const listsInProgress of [true, false]) {
			it(`a new call is no update, whether lists show calls going on (${String(listsInProgress)}); an edit of it afterwards is, once`, async () => {
				server.behaviour.listsInProgress = listsInProgress;
				server.addLeads(300, { startAt: at(-3 * 24 * 60), stepSeconds: 600 });
				const poller = await activated({ event: 'updatedLead' });
				advance(5);
				const call = server.startCall();
				expect(await poller.poll()).toEqual({ items: null });
				advance(5);
				server.completeCall(call.lead_id, { durationSeconds: 185 });
				// Calls as WhatConverts sends them, each last_updated its end: none is an update.
				const more = [server.addLead({ lead_type: 'phone_call' }), server.addLead({ lead_type: 'phone_call', date_created: at(-3) })];
				expect(more.every((lead) => lead.last_updated > lead.date_created)).toBe(true);
				expect(await poller.poll()).toEqual({ items: null });
				advance(5);
				server.updateLead(call.lead_id, { sales_value: 450 });
				const edited = await poller.poll();
				expect(ids(edited.items)).toEqual([call.lead_id]);
				expect(edited.items?.[0]).toMatchObject({ sales_value: 450 });
				advance(5);
				expect(await poller.poll()).toEqual({ items: null });
			});
		}

		it('a chat met while it went on is no update when it ends; an edit of it is', async () => {
			const poller = await activated({ event: 'updatedLead' });
			advance(5);
			const chat = server.startCall({ lead_type: 'chat' });
			expect(await poller.poll()).toEqual({ items: null });
			advance(30);
			server.completeCall(chat.lead_id);
			expect(await poller.poll()).toEqual({ items: null });
			advance(5);
			server.updateLead(chat.lead_id, { quotable: 'yes' });
			expect(ids((await poller.poll()).items)).toEqual([chat.lead_id]);
		});

		it('a text message or web form whose lead_state reads "In Progess" or "In Progress": its edit is an update', async () => {
			const poller = await activated({ event: 'updatedLead' });
			advance(5);
			const text = server.addLead({ lead_type: 'text_message', lead_state: 'In Progess' });
			const form = server.addLead({ lead_type: 'web_form', lead_state: 'In Progress' });
			expect(await poller.poll()).toEqual({ items: null });
			advance(5);
			server.updateLead(text.lead_id, { sales_value: 120 });
			server.updateLead(form.lead_id, { quote_value: 80 });
			const edited = await poller.poll();
			expect(ids(edited.items).sort()).toEqual([text.lead_id, form.lead_id].sort());
			expect(edited.items?.find((lead) => lead.lead_id === text.lead_id)).toMatchObject({ sales_value: 120, lead_state: 'In Progess' });
			advance(5);
			expect(await poller.poll()).toEqual({ items: null });
		});

		it('an edit right after a call ends, once the trigger has met the call, is an update', async () => {
			const poller = await activated({ event: 'updatedLead' });
			advance(5);
			const call = server.addLead({ lead_type: 'phone_call' });
			expect(await poller.poll()).toEqual({ items: null });
			jest.setSystemTime(Date.parse(call.last_updated) + 10_000);
			server.updateLead(call.lead_id, { quote_value: 75 });
			advance(5);
			expect(ids((await poller.poll()).items)).toEqual([call.lead_id]);
		});
	});
});

describe("dates without a zone, across New York's daylight-saving change (the tests run in New York time)", () => {
	it('New Lead and Updated Lead over the hour New York skips: each lead and each edit once, none lost', async () => {
		// 01:30 in New York, half an hour before its clocks jump from 02:00 to 03:00.
		jest.setSystemTime(Date.parse('2025-03-09T06:30:00Z'));
		server.behaviour.dateFormat = 'zoneless';
		const old = server.addLeads(50, { startAt: at(-600), stepSeconds: 600 });
		const newLead = await activated();
		const updatedLead = await activated({ event: 'updatedLead' });
		const added: number[] = [];
		const edited: number[] = [];
		const emittedNew: number[] = [];
		const emittedEdits: number[] = [];
		for (let poll = 0; poll < 14; poll++) {
			advance(5);
			added.push(server.addLead({ date_created: at(-2) }).lead_id);
			const lead = old[poll * 3];
			server.updateLead(lead.lead_id, { quote_value: 100 + poll });
			edited.push(lead.lead_id);
			emittedNew.push(...ids((await newLead.poll()).items));
			emittedEdits.push(...ids((await updatedLead.poll()).items));
		}
		expect(emittedNew).toEqual(added);
		expect(emittedEdits).toEqual(edited);
	});
});

describe('re-activation while a poll runs (an active workflow saved)', () => {
	// n8n drops the activation and activates a new workflow object loaded from the database, whose
	// test poll finds the old poll still running. n8n 2.41 discards what the old poll returns; n8n
	// 1.123 emits it and saves the old object's cursor, which the new object has never seen.
	const WAYS: Array<[string, TriggerExtra]> = [
		['in-memory cursors, n8n 1.123 (the old poll emits)', { cursors: 'inMemory', supersededPolls: 'emitted' }],
		['in-memory cursors, n8n 2.41 (the old poll is discarded)', { cursors: 'inMemory', supersededPolls: 'discarded' }],
		['durable cursors, n8n 2.41', { cursors: 'durable', supersededPolls: 'discarded' }],
	];

	/** Holds the next poll's first request, re-activates meanwhile, then lets the old poll end. */
	async function reactivatedWhileHeld(poller: PollingTrigger) {
		const gate = server.hold({ path: '/leads', times: 1 });
		const old = poller.poll();
		await gate.reached(1);
		const { trigger: again, activation } = await poller.reactivate();
		expect(activation.error).toBeUndefined();
		expect(activation.items).toBeNull();
		gate.open();
		const late = await old;
		expect(late.error).toBeUndefined();
		return { again, late };
	}

	for (const [way, extra] of WAYS) {
		it(`New Lead, ${way}: each lead once, nothing lost`, async () => {
			const poller = await activated({}, extra);
			advance(5);
			const fresh = server.addLeads(3, { startAt: at(-3) });
			const { again, late } = await reactivatedWhileHeld(poller);
			const emitted = ids(late.items);
			advance(5);
			emitted.push(...ids((await again.poll()).items));
			const later = server.addLead({ date_created: at(-1) });
			advance(5);
			emitted.push(...ids((await again.poll()).items));
			advance(5);
			emitted.push(...ids((await again.poll()).items));
			expect(emitted).toEqual([...fresh, later].map((lead) => lead.lead_id));
		});

		it(`Updated Lead, ${way}: each edit once, nothing lost`, async () => {
			const leads = server.addLeads(100, { startAt: at(-600), stepSeconds: 60 });
			const poller = await activated({ event: 'updatedLead' }, extra);
			advance(5);
			server.updateLead(leads[50].lead_id, { quote_value: 9 });
			const { again, late } = await reactivatedWhileHeld(poller);
			const emitted = ids(late.items);
			advance(5);
			emitted.push(...ids((await again.poll()).items));
			server.updateLead(leads[60].lead_id, { quote_value: 10 });
			advance(5);
			emitted.push(...ids((await again.poll()).items));
			advance(5);
			emitted.push(...ids((await again.poll()).items));
			expect(emitted).toEqual([leads[50].lead_id, leads[60].lead_id]);
		});
	}
});

describe('a simulated day', () => {
	it('emits every lead exactly once through arrivals, bursts, 429s, a failed poll and a restart', async () => {
		// A small deterministic random source.
		let seed = 42;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		jest.setSystemTime(Date.parse('2025-03-10T00:00:00Z'));
		server.addLeads(200, { startAt: at(-24 * 60), stepSeconds: 400 });
		let poller = await activated();

		const created = new Set<number>();
		const emitted: number[] = [];
		// [requests, ⌈leads the query meets ÷ 2,500⌉] of each poll that found nothing new
		const idle: Array<[number, number]> = [];
		let failures = 0;
		for (let tick = 1; tick < 288; tick++) {
			// Leads saved during the 5 minutes before this poll.
			const arrivals = random() < 0.5 ? 0 : Math.floor(random() * 4);
			// Saved up to 8 minutes late (within the 10-minute window), also right after a burst.
			for (let i = 0; i < arrivals; i++) {
				const backDated = random() < 0.15 ? Math.floor(random() * 4) : 0;
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

			const from = Number(poller.cursor.from) * 1000;
			const inWindow = server.data.leads.filter((lead) => Date.parse(lead.date_created) >= from).length;
			const { result, requests } = await counted(() => poller.poll());
			if (result.error) {
				failures++;
				expect(result.items).toBeNull();
			} else if (result.items === null && tick % 25 !== 0) {
				idle.push([requests, Math.max(1, Math.ceil(inWindow / 2500))]);
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
		// An idle poll costs ⌈leads in the window ÷ 2,500⌉: one request, but for the polls after each
		// burst, while it is younger than the hour New Lead looks back (it waits that long for calls to end).
		expect(idle.length).toBeGreaterThan(50);
		expect(idle.filter(([requests, pages]) => requests !== pages)).toEqual([]);
		expect(idle.filter(([requests]) => requests > 1).length).toBeLessThanOrEqual(24);
		expect(idle.filter(([requests]) => requests === 1).length).toBeGreaterThan(50);
		// Well inside a profile key's 1,000 requests a day.
		expect(leadRequests().length).toBeLessThan(400);
	});
});
