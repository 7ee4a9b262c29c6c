// Several clients of one API key, through n8n's real engine: each credential id has a limiter of its own,
// so two credential ids with the same key are two n8n workers sharing it. WhatConverts' 20-in-flight
// limit is the test server's; every answer takes 300 ms, as a remote API does.
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

import { ExecuteSingleContext } from 'n8n-core';

import { InFlightLimiter } from '../nodes/WhatConverts/transport/limiter';
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { peakAccepted } from './server';

const server = useServer({ behaviour: { latencyMs: 300 } });

const getLeads = { resource: 'lead', operation: 'get', leadId: '={{ $json.id }}' };
const refused = () => server.log.filter((entry) => entry.status === 429).length;
const accepted = () => server.log.filter((entry) => entry.status !== 429);

/** One worker's run: a lead get for each id, with its own credential id (and so its own limiter). */
function worker(credentialId: string, leadIds: number[], rateLimitHandling: Record<string, number> = {}) {
	return runNode({
		parameters: { ...getLeads, rateLimitHandling },
		items: leadIds.map((id) => ({ id })),
		credentials: credentialsFor(server),
		credentialId,
	});
}

describe('two workers, one key', () => {
	it('both get all their leads, with few refused requests and never more than 20 accepted at once', async () => {
		const leads = server.addLeads(400).map((lead) => lead.lead_id);
		const [first, second] = await Promise.all([worker('worker-a', leads.slice(0, 200)), worker('worker-b', leads.slice(200))]);
		for (const run of [first, second]) expect(run.error).toBeUndefined();
		expect([...first.items, ...second.items].map((item) => item.json.lead_id)).toEqual(leads);
		expect(accepted()).toHaveLength(400);
		expect(refused()).toBeLessThanOrEqual(40);
		expect(peakAccepted(server.log)).toBeLessThanOrEqual(20);
	});

	it('each sends at most its Max Requests In Flight: 10 + 10 share the key without a refusal', async () => {
		const leads = server.addLeads(100).map((lead) => lead.lead_id);
		const limit = { maxInFlight: 10 };
		const runs = await Promise.all([worker('split-a', leads.slice(0, 50), limit), worker('split-b', leads.slice(50), limit)]);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(runs.flatMap((run) => run.items.map((item) => item.json.lead_id))).toEqual(leads);
		expect(server.log).toHaveLength(100);
		expect(refused()).toBe(0);
	});
});

describe('another app holding part of the key', () => {
	it('a refusal does not let the queued requests out: the node shrinks to what is left', async () => {
		// Another app keeps 12 of the key's 20 in flight: 8 are left for n8n.
		server.behaviour.maxInFlight = 8;
		const leads = server.addLeads(100).map((lead) => lead.lead_id);
		const run = await worker('beside-an-app', leads);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.lead_id)).toEqual(leads);
		expect(accepted()).toHaveLength(100);
		// The first wave of 20 meets 12 refusals; after that the window stays about where the room is.
		expect(refused()).toBeLessThanOrEqual(20);
	});
});

describe('one worker alone', () => {
	it('keeps 20 in flight and is never refused', async () => {
		const leads = server.addLeads(100).map((lead) => lead.lead_id);
		const run = await worker('alone', leads);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(100);
		expect(server.log).toHaveLength(100);
		expect(refused()).toBe(0);
		expect(peakAccepted(server.log)).toBe(20);
	});
});

describe('the freed slot', () => {
	it('goes to a request that starts before the answered item is done or another item is read', async () => {
		// One slot, so each answer hands it to exactly one queued request. What the client does, in order:
		// an answer read, the next request started, and the parameters items read: Simplify for the
		// answered item's output, Lead ID for another item's request. (When its new connection lets the
		// request out is up to the machine: the bench measures that.)
		server.behaviour.latencyMs = 5;
		const leads = server.addLeads(60).map((lead) => lead.lead_id);
		const events: string[] = [];
		const onRequest = ({ request }: { request: ClientRequest }) => {
			events.push('request started');
			request.once('response', () => events.push('answer read'));
		};
		diagnostics.subscribe('http.client.request.start', onRequest as (message: unknown) => void);
		const read = ExecuteSingleContext.prototype.getNodeParameter;
		const reads = jest.spyOn(ExecuteSingleContext.prototype, 'getNodeParameter').mockImplementation(function (
			this: ExecuteSingleContext,
			...args
		) {
			if ((args[0] === 'leadId' || args[0] === 'simplify') && events.length) events.push(`${args[0]} read`);
			return read.apply(this, args);
		});
		try {
			const run = await worker('one-slot', leads, { maxInFlight: 1 });
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.json.lead_id)).toEqual(leads);
		} finally {
			reads.mockRestore();
			diagnostics.unsubscribe('http.client.request.start', onRequest as (message: unknown) => void);
		}
		expect(server.log).toHaveLength(60);
		expect(peakAccepted(server.log)).toBe(1);
		// After every answer but the last, the next request starts before anything else happens.
		const answers = events.flatMap((event, i) => (event === 'answer read' ? [i] : []));
		expect(answers).toHaveLength(60);
		expect(answers.slice(0, -1).map((i) => events[i + 1])).toEqual(Array(59).fill('request started'));
	});
});

describe('the daily quota with the default settings', () => {
	it('fails every item with the quota message, sending at most the first wave', async () => {
		const leads = server.addLeads(100).map((lead) => lead.lead_id);
		server.setQuotaUsed('profile', 1_000);
		const run = await runNode({
			parameters: getLeads,
			items: leads.map((id) => ({ id })),
			credentials: credentialsFor(server),
			credentialId: 'quota-spent',
			continueOnFail: true,
		});
		expect(run.items).toHaveLength(100);
		expect(run.items.every((item) => JSON.stringify(item).includes('daily request quota is used up'))).toBe(true);
		expect(server.log.length).toBeLessThanOrEqual(20);
	});
});

describe('the window', () => {
	/** `count` requests sent and not answered yet; `answer(i)` lets the i-th come back. */
	async function inFlight(limiter: InFlightLimiter, count: number) {
		const answers: Array<() => void> = [];
		const slots = await Promise.all(Array.from({ length: count }, () => limiter.take(20)));
		const sent = slots.map((slot) => limiter.send(slot, () => new Promise<void>((resolve) => answers.push(resolve))));
		return { slots, answer: async (i: number) => (answers[i](), await sent[i]) };
	}

	it('halves once per crowding, at most to what WhatConverts still has, and grows back by one per two windows', async () => {
		const limiter = new InFlightLimiter();
		const { slots, answer } = await inFlight(limiter, 20);
		// 4 of the 20 come back refused at once: one crowding, one halving.
		for (let i = 0; i < 4; i++) {
			await answer(i);
			limiter.refused(slots[i]);
		}
		expect(limiter.window).toBe(10);
		// The accepted ones come back and free their slots; more requests go and come back: the window
		// grows by one after about two windows' worth (20) of successes.
		let successes = 0;
		const succeed = () => {
			limiter.accepted(20);
			limiter.release();
			successes++;
		};
		for (let i = 4; i < 20; i++) {
			await answer(i);
			succeed();
		}
		while (limiter.window === 10) {
			const slot = await limiter.take(20);
			await limiter.send(slot, async () => undefined);
			succeed();
		}
		expect(limiter.window).toBe(11);
		expect(successes).toBeGreaterThanOrEqual(20);
		expect(successes).toBeLessThanOrEqual(22);
		// A refusal of a request sent after the halving is a new crowding: halved, and no more than the
		// requests WhatConverts still has.
		const [late, other] = await Promise.all([limiter.take(20), limiter.take(20)]);
		const answerOther = limiter.send(other, () => new Promise<void>((resolve) => setTimeout(resolve, 10)));
		await limiter.send(late, async () => undefined);
		limiter.refused(late);
		expect(limiter.window).toBe(1);
		await answerOther;
	});

	it('lets no new request out while refused ones wait, and forgets the estimate after a minute idle', async () => {
		const limiter = new InFlightLimiter();
		const { slots, answer } = await inFlight(limiter, 20);
		for (let i = 0; i < 20; i++) await answer(i);
		limiter.refused(slots[0]);
		expect(limiter.window).toBe(1);
		let queued = false;
		void limiter.take(20).then(() => (queued = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(queued).toBe(false);
		for (let i = 0; i < 20; i++) limiter.release();
		await new Promise((resolve) => setImmediate(resolve));
		expect(queued).toBe(true);
		limiter.release();
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
		try {
			await limiter.take(20);
			expect(limiter.window).toBe(20);
		} finally {
			jest.restoreAllMocks();
		}
	});
});
