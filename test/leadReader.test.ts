// The lead reader's edges, each a case that once cost the quota, failed polls or repeated a lead:
// a Continue After from outside the window, an agent's continued call, a day-filtering API on a
// growing day, a lead re-dated past the read's position. Through n8n's real engine, against the test
// server; Date is faked and moves only where a test moves it.
import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { PollingTrigger, serverOnFakedClock } from './harness/triggers';
import { credentialsFor } from './harness/whatconverts';
import type { Lead } from './server';
import { isoSec } from './server';

const MINUTE = 60_000;
const START = Date.parse('2025-03-10T16:00:00Z');
const EVERY_5_MINUTES = { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] };
const RETRIES = { maxRetries: 1, maxWaitSeconds: 5 };

const server = serverOnFakedClock(START);

const at = (secondsFromNow: number) => isoSec(Date.now() + secondsFromNow * 1000);
const ids = (items: IDataObject[] | null | undefined) => (items ?? []).map((lead) => Number(lead.lead_id));
const idsOf = (leads: Lead[]) => leads.map((lead) => lead.lead_id);
const leadRequests = () => server.log.filter((entry) => entry.path === '/leads');
const repeated = (list: number[]) => list.filter((id, index) => list.indexOf(id) !== index);

async function getAll(parameters: IDataObject) {
	const { items, error } = await runNode({
		parameters: { resource: 'lead', operation: 'getAll', returnAll: true, ...parameters },
		credentials: credentialsFor(server),
	});
	expect(error).toBeUndefined();
	return ids(items.map((item) => item.json));
}

async function asTool(parameters: IDataObject) {
	const { items, error } = await runNode({
		type: 'whatConvertsTool',
		parameters: { resource: 'lead', operation: 'getAll', returnAll: true, ...parameters } as never,
		credentials: credentialsFor(server),
	});
	expect(error).toBeUndefined();
	return items[0].json as IDataObject & { leads: IDataObject[]; next?: string };
}

describe('case 1: a Continue After from outside the window', () => {
	it('oldest first, next 200 seconds before Created From: the window from its start, in one request', async () => {
		// 150 leads in the gap between the next and Created From, 50 in the window.
		const gap = server.addLeads(150, { startAt: at(-1000), stepSeconds: 1.3 });
		const inWindow = server.addLeads(50, { startAt: at(-600), stepSeconds: 2 });
		const answer = await asTool({
			filters: { order: 'asc', startDate: at(-600) },
			continueAfter: `${gap[0].date_created}/${gap[0].lead_id}`,
		});
		expect(ids(answer.leads)).toEqual(idsOf(inWindow));
		expect(leadRequests()).toHaveLength(1);
	});

	it('newest first, next after Created To: the window from its end, in one request', async () => {
		const inWindow = server.addLeads(50, { startAt: at(-2000), stepSeconds: 2 });
		const gap = server.addLeads(150, { startAt: at(-1000), stepSeconds: 1.3 });
		const last = gap[gap.length - 1];
		const answer = await asTool({ filters: { order: 'desc', endDate: at(-1500) }, continueAfter: `${last.date_created}/${last.lead_id}` });
		expect(ids(answer.leads)).toEqual(idsOf(inWindow).reverse());
		expect(leadRequests()).toHaveLength(1);
	});

	it('a next past the end of the window (oldest first): nothing after it, and no request', async () => {
		server.addLeads(50, { startAt: at(-2000), stepSeconds: 2 });
		const answer = await asTool({ filters: { order: 'asc', endDate: at(-1500) }, continueAfter: `${at(-100)}/5` });
		expect(answer.leads ?? []).toEqual([]);
		expect(leadRequests()).toHaveLength(0);
	});

	it('Get Many alike: a Continue After before Created From reads the window once', async () => {
		server.addLeads(3000, { startAt: at(-4000), stepSeconds: 1 });
		const inWindow = server.data.leads.filter((lead) => lead.date_created >= at(-500));
		const read = await getAll({ filters: { order: 'asc', startDate: at(-500) }, continueAfter: `${at(-3900)}/1` });
		expect(read).toEqual(idsOf(inWindow));
		expect(leadRequests()).toHaveLength(1);
	});
});

describe('case 2: an agent going on with next', () => {
	it('the continued call costs one request, as the first does', async () => {
		server.addLeads(300, { startAt: at(-1000), stepSeconds: 3 });
		const first = await asTool({ filters: { order: 'asc' } });
		expect(leadRequests()).toHaveLength(1);
		expect(first.next).toBeDefined();
		const second = await asTool({ filters: { order: 'asc' }, continueAfter: first.next });
		expect(leadRequests()).toHaveLength(2);
		expect(second.leads).toHaveLength(100);
		expect(repeated([...ids(first.leads), ...ids(second.leads)])).toEqual([]);
	});
});

describe('case 3: an API that filters by the whole day, on a growing day', () => {
	it('New Lead on a day of 3,500 leads before the window, a lead arriving with every request: no poll fails, each new lead once, a few requests a poll', async () => {
		server.behaviour.dateFilter = 'day';
		server.addLeads(3500, { startAt: '2025-03-10T00:00:00Z', stepSeconds: 12 });
		const poller = new PollingTrigger({
			parameters: { event: 'newLead', pollTimes: EVERY_5_MINUTES, rateLimitHandling: RETRIES },
			credentials: credentialsFor(server),
		});
		await poller.activate();
		await poller.poll();
		const created: number[] = [];
		// Time goes on while a poll reads: a second passes and a lead arrives before every request answered.
		const stop = server.beforeList(() => {
			jest.setSystemTime(Date.now() + 1000);
			created.push(server.addLead().lead_id);
		});
		const emitted: number[] = [];
		for (let poll = 0; poll < 6; poll++) {
			jest.setSystemTime(Date.now() + 5 * MINUTE);
			created.push(...idsOf(server.addLeads(3, { startAt: at(-60), stepSeconds: 10 })));
			const before = leadRequests().length;
			const outcome = await poller.poll();
			expect(outcome.error?.message).toBeUndefined();
			emitted.push(...ids(outcome.items));
			// One request of the keyset read, and the day's 2 pages read by page number: 3, not 37.
			expect(leadRequests().length - before).toBeLessThanOrEqual(3);
		}
		// The leads that arrived during the last poll are the next poll's.
		stop();
		jest.setSystemTime(Date.now() + 5 * MINUTE);
		emitted.push(...ids((await poller.poll()).items));
		expect(repeated(emitted)).toEqual([]);
		expect(new Set(emitted)).toEqual(new Set(created));
	});
});

describe('case 4: a lead re-dated past the position between pages', () => {
	for (const order of ['asc', 'desc'] as const) {
		it(`${order === 'asc' ? 'oldest' : 'newest'} first: a lead of page 1 moved into a later page is returned once`, async () => {
			const leads = server.addLeads(6000, { startAt: at(-7000 * 60), stepSeconds: 60 });
			const ordered = order === 'asc' ? leads : [...leads].reverse();
			const moved = ordered[10];
			server.beforeList(({ call }) => {
				if (call === 2) server.updateLead(moved.lead_id, { date_created: ordered[4000].date_created });
			});
			const read = await getAll({ filters: { order } });
			expect(repeated(read)).toEqual([]);
			expect(new Set(read)).toEqual(new Set(idsOf(leads)));
		});
	}
});

describe('the ceiling on requests', () => {
	it('an API that moves every lead past the position before each request: the read stops at its ceiling, naming the second, and never loops', async () => {
		server.addLeads(6000, { startAt: at(-30_000 * 60), stepSeconds: 60 });
		// From the second request on, every lead is re-dated 2,500 minutes later: each page holds only
		// leads returned before.
		server.beforeList(({ call }) => {
			if (call < 2) return;
			for (const lead of [...server.data.leads]) {
				server.updateLead(lead.lead_id, { date_created: isoSec(Date.parse(lead.date_created) + 2500 * MINUTE) });
			}
		});
		const { items, error } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, filters: { order: 'asc' } },
			credentials: credentialsFor(server),
		});
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(
			/^WhatConverts kept answering with leads read before, at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: the read stopped after 4 requests, the most it sends for 2,500 leads$/,
		);
		// 2 + ⌈2,500 ÷ 1,250⌉ = 4.
		expect(leadRequests()).toHaveLength(4);
	});
});

describe('randomised: the reader against a model of the API', () => {
	const seed = Number(process.env.READER_SEED ?? Date.now() % 100_000);
	const ROUNDS = 40;
	const DAY = 86_400;
	/** Requests a read may send (README, "Lead reads stay exact while the account changes"). */
	const LARGEST_PAGE = 2500;
	const MOST_PASSES = 12;

	it(`${ROUNDS} reads: each lead at most once, none that matched throughout lost, never more requests than the ceiling (seed ${seed}; READER_SEED=${seed} replays it)`, async () => {
		server.reseed(); // lead ids from the start, so that the seed replays this run whatever ran before
		const random = (await import('./server')).rng(seed);
		const int = (below: number) => Math.floor(random() * below);
		const pick = <T>(list: T[]) => list[int(list.length)];
		const now = () => Math.floor(Date.now() / 1000);
		const secondOf = (lead: Lead) => Date.parse(lead.date_created) / 1000;
		let agentRounds = 0;
		let sweptRounds = 0;

		for (let round = 0; round < ROUNDS; round++) {
			server.reset();
			server.clearLeads();
			jest.setSystemTime(START);
			const asAgent = random() < 0.6;
			const behaviour = {
				dateFilter: random() < 0.4 ? 'day' : 'second',
				tieOrder: random() < 0.5 ? 'shuffled' : 'byId',
				flagFilter: random() < 0.5 ? { omitted: 'unflagged', false: 'unflagged' } : { omitted: 'all', false: 'all' },
				dailyQuota: { profile: 1_000_000, master: 1_000_000 },
			} as const;
			Object.assign(server.behaviour, behaviour);
			// The account: about 40 hours of leads, now and then a crowded second or a busy day.
			const first = now() - 40 * 3600;
			const spread = asAgent ? 50 + int(400) : 200 + int(3000);
			server.addLeads(spread, { startAt: isoSec(first * 1000), stepSeconds: (40 * 3600) / spread });
			if (random() < 0.35) {
				const crowd = asAgent ? 100 + int(250) : 1300 + int(1500);
				server.addLeads(crowd, { startAt: isoSec((first + int(40 * 3600)) * 1000), stepSeconds: 0 });
			}
			if (random() < 0.3) {
				const busy = asAgent ? 300 + int(600) : 2600 + int(800);
				server.addLeads(busy, { startAt: isoSec((now() - int(DAY)) * 1000), stepSeconds: 10 + int(20) });
			}
			const order = random() < 0.5 ? 'asc' : 'desc';
			// The window: either end open or a second anywhere in the data.
			const somewhen = () => first + int(42 * 3600);
			let start = random() < 0.3 ? undefined : somewhen();
			let end = random() < 0.3 ? undefined : somewhen();
			if (start !== undefined && end !== undefined && end < start) [start, end] = [end, start];
			// A Continue After from anywhere: a lead of the account, a second of any filters, or none.
			const roll = random();
			const all = server.data.leads;
			const place =
				roll < 0.4 || !all.length
					? undefined
					: roll < 0.7
						? { second: secondOf(pick(all)), id: pick(all).lead_id }
						: { second: first - DAY + int(3 * DAY), id: int(10_000) };
			const filters: IDataObject = { order };
			if (start !== undefined) filters.startDate = isoSec(start * 1000);
			if (end !== undefined) filters.endDate = isoSec(end * 1000);
			const windowEnd = end ?? (order === 'asc' ? now() : undefined);

			const matches = (lead: Lead) => behaviour.flagFilter.omitted === 'all' || (!lead.spam && !lead.duplicate);
			const inWindow = (second: number) => (start === undefined || second >= start) && (windowEnd === undefined || second <= windowEnd);
			/** After the place in the read's order (ties by id), as the reader takes it. */
			const afterPlace = (second: number, id: number) => {
				if (!place) return true;
				const [a, b] = order === 'asc' ? [second - place.second, id - place.id] : [place.second - second, place.id - id];
				return a > 0 || (a === 0 && b > 0);
			};
			const wanted = (lead: Lead) => matches(lead) && inWindow(secondOf(lead)) && afterPlace(secondOf(lead), lead.lead_id);
			const before = new Map(server.data.leads.filter(wanted).map((lead) => [lead.lead_id, lead]));
			const everWanted = new Set(before.keys());

			// Changes between the requests: inserted, deleted, flagged, edited, re-dated leads, and arrivals
			// as time goes on.
			const touched = new Set<number>();
			const changes = random() < 0.7;
			const stop = server.beforeList(() => {
				jest.setSystemTime(Date.now() + 1000);
				if (!changes || random() < 0.5) return;
				const leads = server.data.leads;
				const lead = leads.length ? pick(leads) : undefined;
				const kind = int(6);
				if (kind === 0) touched.add(server.addLead().lead_id);
				else if (kind === 1) touched.add(server.addLead({ date_created: isoSec(somewhen() * 1000) }).lead_id);
				else if (!lead) return;
				else if (kind === 2) touched.add(server.deleteLead(lead.lead_id).lead_id);
				else if (kind === 3) touched.add(server.flagLead(lead.lead_id, { spam: !lead.spam }).lead_id);
				else if (kind === 4) touched.add(server.updateLead(lead.lead_id, { date_created: isoSec(somewhen() * 1000) }).lead_id);
				else server.updateLead(lead.lead_id, { quote_value: int(1000) });
				for (const id of touched) {
					const changed = server.data.lead(id);
					if (changed && wanted(changed)) everWanted.add(id);
				}
			});

			const { items, error } = await runNode({
				type: asAgent ? 'whatConvertsTool' : undefined,
				parameters: {
					resource: 'lead',
					operation: 'getAll',
					returnAll: true,
					filters,
					...(place ? { continueAfter: `${isoSec(place.second * 1000)}/${place.id}` } : {}),
				},
				credentials: credentialsFor(server),
			} as never);
			stop();
			const requests = leadRequests().length;
			const context = { seed, round, asAgent, behaviour: `${behaviour.dateFilter}/${behaviour.tieOrder}`, order, filters, place };

			// The ceiling, from the model: N leads wanted at any time; a unit of 1,250 leads a request (an
			// agent's page, 101); each second holding more than a unit, and each day of the window when
			// the API filters by the day, read by page number: one request and 12 passes of its pages.
			const unit = asAgent ? 101 : LARGEST_PAGE / 2;
			const bySecond = new Map<number, number>();
			const byDay = new Map<number, number>();
			for (const lead of server.data.leads) {
				const second = secondOf(lead);
				bySecond.set(second, (bySecond.get(second) ?? 0) + 1);
				byDay.set(Math.floor(second / DAY), (byDay.get(Math.floor(second / DAY)) ?? 0) + 1);
			}
			const swept = [...(behaviour.dateFilter === 'day' ? byDay.values() : []), ...[...bySecond.values()].filter((count) => count > unit)];
			const ceiling =
				2 +
				Math.ceil(everWanted.size / unit) +
				swept.reduce((sum, count) => sum + 1 + MOST_PASSES * Math.ceil((count + touched.size) / LARGEST_PAGE), 0);
			expect({ ...context, requests: requests <= ceiling ? 'within' : `${requests} > ${ceiling}` }).toEqual({
				...context,
				requests: 'within',
			});

			// A read may fail visibly only where leads of the window changed while it read.
			const changedInWindow = [...touched].some((id) => everWanted.has(id));
			expect({ ...context, error: changedInWindow ? undefined : error?.message }).toEqual({ ...context, error: undefined });
			if (error) continue;

			const answer = asAgent ? (items[0].json as IDataObject & { leads?: IDataObject[]; next?: string }) : undefined;
			const read = ids(answer ? (answer.leads ?? []) : items.map((item) => item.json));
			expect({ ...context, twice: repeated(read) }).toEqual({ ...context, twice: [] });
			// Nothing from outside the window or before the place (a lead changed while read aside).
			expect({ ...context, foreign: read.filter((id) => !everWanted.has(id)) }).toEqual({ ...context, foreign: [] });
			// Every lead wanted throughout: all of them, or (an agent's answer) those up to its last lead.
			const throughout = [...before.values()].filter(
				(lead) => !touched.has(lead.lead_id) && server.data.lead(lead.lead_id) && wanted(lead),
			);
			const sign = order === 'asc' ? 1 : -1;
			const key = (lead: Lead) => [sign * secondOf(lead), sign * lead.lead_id];
			const lastLead = answer?.next ? answer.leads?.[read.length - 1] : undefined;
			const last = lastLead && [sign * (Date.parse(String(lastLead.date_created)) / 1000), sign * Number(lastLead.lead_id)];
			const upToLast = (lead: Lead) => {
				if (!last) return true;
				const a = key(lead);
				return a[0] < last[0] || (a[0] === last[0] && a[1] <= last[1]);
			};
			const returned = new Set(read);
			const missed = throughout
				.filter((lead) => upToLast(lead) && !returned.has(lead.lead_id))
				.map((lead) => `${lead.lead_id}@${lead.date_created}`);
			expect({ ...context, missed }).toEqual({ ...context, missed: [] });
			// An agent's call on an account of one lead a second, unchanged and filtered to the second: one request.
			if (asAgent && !changes && behaviour.dateFilter === 'second' && [...bySecond.values()].every((count) => count === 1)) {
				expect({ ...context, requests }).toEqual({ ...context, requests: Math.min(requests, 1) });
			}
			if (asAgent) agentRounds++;
			if (swept.length) sweptRounds++;
		}
		// The rounds reached what they are for.
		expect(agentRounds).toBeGreaterThan(ROUNDS / 4);
		expect(sweptRounds).toBeGreaterThan(ROUNDS / 10);
	}, 120_000);
});
