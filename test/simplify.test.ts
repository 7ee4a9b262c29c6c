// Lead get and getAll with Simplify: the fields people route on, through n8n's real engine.
import { runNode } from './harness/n8n';
import { credentialsFor, SIMPLE_KEYS, useServer } from './harness/whatconverts';

const server = useServer();

describe('lead Simplify', () => {
	it('getAll returns only the routing fields, with the values of the full lead', async () => {
		server.addLeads(3, { lead_type: 'phone_call', lead_source: 'google', lead_medium: 'cpc', quote_value: 250 });
		const full = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true },
			credentials: credentialsFor(server),
		});
		const simple = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true },
			credentials: credentialsFor(server),
		});
		expect(simple.error).toBeUndefined();
		expect(simple.items).toHaveLength(3);
		for (const [index, item] of simple.items.entries()) {
			expect(Object.keys(item.json)).toEqual(SIMPLE_KEYS);
			for (const key of SIMPLE_KEYS) expect(item.json[key]).toEqual(full.items[index].json[key] ?? null);
		}
		expect(simple.items[0].json).toMatchObject({ lead_type: 'Phone Call', lead_source: 'google', quote_value: 250, profile_id: 2001 });
		// The same requests: Simplify only shapes the output.
		expect(server.log.map((entry) => entry.query)).toEqual([full, simple].map(() => expect.objectContaining({ leads_per_page: '2500' })));
	});

	it('get returns the same simplified shape; off by default', async () => {
		const [lead] = server.addLeads(1, { lead_type: 'web_form', contact_name: 'Ann Lee' });
		const simple = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: String(lead.lead_id), simplify: true },
			credentials: credentialsFor(server),
		});
		expect(Object.keys(simple.items[0].json)).toEqual(SIMPLE_KEYS);
		expect(simple.items[0].json).toMatchObject({ lead_id: lead.lead_id, lead_type: 'Web Form', contact_name: 'Ann Lee' });
		const full = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: String(lead.lead_id) },
			credentials: credentialsFor(server),
		});
		expect(Object.keys(full.items[0].json).length).toBeGreaterThan(40);
	});
});
