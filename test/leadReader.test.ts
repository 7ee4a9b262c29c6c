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
			expect(leadRequests().length - before).toBeLessThanOrEqual(4);
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
