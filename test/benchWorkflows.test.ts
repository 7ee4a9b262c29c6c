// The bench (`npm run bench`) compares three ways of reading every lead. These tests check that they
// do the same work — the same leads and the same requests — so the bench compares like with like.
// They measure no time: timing is the bench's job only.
import { floorFanOut, floorReturnAll } from '../bench/floor';
import { httpRequestReturnAll, httpRequestWorkflow, nodeFanOut, nodeReturnAll } from '../bench/engine';
import { runWorkflow } from './harness/n8n';
import { useServer } from './harness/whatconverts';

const server = useServer();

const pagesAsked = () => server.log.map((entry) => `${entry.query.page_number}/${entry.query.leads_per_page}`);

describe('the bench contenders', () => {
	beforeEach(() => {
		server.behaviour.dailyQuota = { profile: 1e9, master: 1e9 };
	});

	it('HTTP Request + Split Out (n8n-nodes-base, in the same engine) returns every lead, one item each', async () => {
		server.addLeads(6_000);
		const { nodes, connections } = httpRequestWorkflow(server.baseUrl);
		const { items, error } = await runWorkflow({
			nodes,
			connections,
			credentials: { 'bench-credential': { user: server.keys.profile.token, password: server.keys.profile.secret } },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(6_000);
		expect(new Set(items.map((item) => item.json.lead_id)).size).toBe(6_000);
		expect(pagesAsked()).toEqual(['1/2500', '2/2500', '3/2500']);
	});

	it('the node, HTTP Request + Split Out and the bare loop send as many requests of as many leads for Return All', async () => {
		server.addLeads(5_001);
		const key = server.keys.profile;
		const asked: string[][] = [];
		for (const contender of [
			nodeReturnAll,
			httpRequestReturnAll,
			async (...args: Parameters<typeof floorReturnAll>) => (await floorReturnAll(...args)).leads.length,
		]) {
			server.log.length = 0;
			expect(await contender(server.baseUrl, key)).toBe(5_001);
			asked.push(pagesAsked());
		}
		// The node reads by creation date: each request is a first page, from the second of the last lead read.
		expect(asked).toEqual([
			['1/2500', '1/2500', '1/2500'],
			['1/2500', '2/2500', '3/2500'],
			['1/2500', '2/2500', '3/2500'],
		]);
	});

	it('fan-out: the node and the 20-worker loop each send one get per item, never more than 20 at once', async () => {
		const ids = server.addLeads(60).map((lead) => lead.lead_id);
		server.behaviour.latencyMs = 5;
		expect(await nodeFanOut(server.baseUrl, server.keys.profile, ids, 'get')).toBe(60);
		expect(server.log.filter((entry) => entry.status === 200)).toHaveLength(60);
		expect(server.log.every((entry) => entry.inFlightAtStart <= 20)).toBe(true);
		server.log.length = 0;
		expect((await floorFanOut(server.baseUrl, server.keys.profile, ids, 20, 'get')).length).toBe(60);
		expect(server.log.map((entry) => entry.path).sort()).toEqual(ids.map((id) => `/leads/${id}`).sort());
		expect(server.log.every((entry) => entry.status === 200)).toBe(true);
	});
});
