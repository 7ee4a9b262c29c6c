// The node as an AI agent's tool (n8n's `whatConvertsTool` variant), through n8n's real engine: what
// the model is told, what one call answers with and how big it can get, and what it cannot do.
import type { IDataObject, INodeParameters, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { loadPackage, runNode } from './harness/n8n';
import { credentialsFor, SIMPLE_KEYS, useServer } from './harness/whatconverts';
import { recordingFor } from './server';

const server = useServer();

/** The parameters n8n gives a new node of this type set to the operation: its defaults for that operation. */
const defaultsFor = (description: INodeTypeDescription, resource: string, operation: string): INodeParameters =>
	NodeHelpers.getNodeParameters(description.properties, { resource, operation }, true, false, null, description)!;

const asTool = (parameters: IDataObject, key = server.keys.profile) =>
	runNode({ type: 'whatConvertsTool', parameters: parameters as never, credentials: credentialsFor(server, key) });

describe('what the model is told', () => {
	let tool: INodeType;
	beforeAll(async () => {
		tool = (await loadPackage()).nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConvertsTool', 1) as INodeType;
	});

	const operations = () =>
		tool.description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as Array<{ value: string }>).map(({ value }) => [property.displayOptions!.show!.resource![0] as string, value]),
			);

	it('each operation has its own tool description, which n8n gives the model instead of the bare action', () => {
		expect(operations().length).toBe(26);
		for (const [resource, operation] of operations()) {
			const parameters = defaultsFor(tool.description, resource, operation);
			const node = {
				id: 'n',
				name: 'WhatConverts',
				type: 'n8n-nodes-whatconverts.whatConvertsTool',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters,
			};
			const told = NodeHelpers.getToolDescriptionForNode(node, tool);
			expect([resource, operation, told.length > 80]).toEqual([resource, operation, true]);
			expect(told).not.toMatch(/ in WhatConverts$/);
			expect(told).toMatch(/API request/);
		}
	});

	it('Get Many Leads names its filters with their allowed values, its order, its bound and its cost', () => {
		const parameters = defaultsFor(tool.description, 'lead', 'getAll');
		const told = String(parameters.toolDescription);
		for (const fact of [
			'newest first',
			'start_date',
			'ISO 8601',
			'phone_call',
			'"Phone Call"',
			'unique, repeat',
			'not_set',
			'has_value',
			'at most 100',
			'2,500',
			'1,000',
		]) {
			expect([fact, told.includes(fact)]).toEqual([fact, true]);
		}
	});

	it('the people-facing node keeps its short actions and shows no tool description', async () => {
		const node = (await loadPackage()).nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConverts', 1) as INodeType;
		const parameters = defaultsFor(node.description, 'lead', 'getAll');
		expect(parameters).not.toHaveProperty('toolDescription');
		expect(parameters).not.toHaveProperty('output');
		expect(parameters.simplify).toBe(false);
	});
});

describe('what one call answers with', () => {
	it('Get Many Leads: compact leads, at most 100, one request of 101, and how to reach the rest', async () => {
		server.addLeads(300, { startAt: '2025-01-01T00:00:00Z', stepSeconds: 60 });
		const { items, error } = await asTool({ resource: 'lead', operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const answer = items[0].json as IDataObject & { leads: IDataObject[] };
		expect(answer).toMatchObject({ returned: 100, total: 300 });
		expect(answer.leads).toHaveLength(100);
		expect(Object.keys(answer.leads[0])).toEqual(SIMPLE_KEYS);
		const oldest = answer.leads[99];
		const next = `${String(oldest.date_created)}/${String(oldest.lead_id)}`;
		expect(answer.note).toBe(
			`200 more leads match and were not returned: call again with the same arguments and next "${next}", or narrow the filters.`,
		);
		expect(answer.next).toBe(next);
		// One more lead than it answers with: the 100th lead's second is then known to be read whole.
		expect(server.log.map((entry) => entry.query)).toEqual([{ leads_per_page: '101', page_number: '1', order: 'desc' }]);
	});

	it('Get Many Leads: a limit of 100,000 still answers with 100; a smaller limit is kept', async () => {
		server.addLeads(150);
		const big = await asTool({ resource: 'lead', operation: 'getAll', returnAll: false, limit: 100_000 });
		expect((big.items[0].json.leads as unknown[]).length).toBe(100);
		const small = await asTool({ resource: 'lead', operation: 'getAll', returnAll: false, limit: 5 });
		expect(small.items[0].json).toMatchObject({ returned: 5, total: 150 });
		expect(server.log.map((entry) => entry.query.leads_per_page)).toEqual(['101', '6']);
	});

	it('Get Many Leads with Output Raw stays within about 100 KB, and says what it left out', async () => {
		server.addLeads(100, { additional_fields: { Notes: 'x'.repeat(3_000) } as never });
		const { items } = await asTool({ resource: 'lead', operation: 'getAll', returnAll: true, output: 'raw' });
		const answer = items[0].json as IDataObject & { leads: IDataObject[] };
		expect(JSON.stringify(answer).length).toBeLessThan(105_000);
		expect(answer.leads.length).toBeLessThan(100);
		expect(answer.note).toMatch(new RegExp(`^${100 - answer.leads.length} more leads match`));
	});

	it('takes the labels WhatConverts answers with, as a model copies them', async () => {
		server.addLeads(3, { lead_type: 'phone_call' });
		server.addLeads(2, { lead_type: 'web_form' });
		const { items } = await asTool({
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filters: { leadType: 'Phone Call', leadStatus: 'Unique', quotable: 'Not Set' },
		});
		expect(server.log[0].query).toMatchObject({ lead_type: 'phone_call', lead_status: 'unique', quotable: 'not_set' });
		const matching = server.data.leads.filter(
			(lead) => lead.lead_type === 'Phone Call' && lead.lead_status === 'Unique' && lead.quotable === 'Not Set',
		);
		expect(items[0].json.total).toBe(matching.length);
	});

	it('other lists are bounded alike: accounts', async () => {
		const { growAccounts } = await import('./harness/agency');
		growAccounts(server, 130);
		const { items } = await asTool({ resource: 'account', operation: 'getAll', returnAll: true }, server.keys.master);
		expect(items[0].json).toMatchObject({ returned: 100, total: 130 });
		expect((items[0].json.accounts as unknown[]).length).toBe(100);
		expect(items[0].json.note).toMatch(/^30 more accounts match/);
		expect(server.log).toHaveLength(1);
	});

	it('a recording is described, not downloaded as a file: duration, URLs, size, transcription', async () => {
		const lead = server.addLead({ lead_type: 'phone_call', recording: 'yes' });
		const { items, error } = await asTool({ resource: 'recording', operation: 'get', leadId: String(lead.lead_id) });
		expect(error).toBeUndefined();
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json).toEqual({
			lead_id: lead.lead_id,
			lead_type: 'Phone Call',
			call_duration: lead.call_duration,
			call_duration_seconds: lead.call_duration_seconds,
			call_status: lead.call_status,
			answer_status: lead.answer_status ?? null,
			recording: lead.recording,
			play_recording: lead.play_recording,
			call_transcription: lead.call_transcription ?? null,
			voicemail_transcription: lead.voicemail_transcription ?? null,
			has_recording: true,
			size: recordingFor(lead.lead_id).length,
			content_type: 'audio/mpeg',
		});
		expect(server.log.map((entry) => entry.path)).toEqual([`/leads/${lead.lead_id}`, '/recording']);
	});

	it('a lead without a recording says so in one request', async () => {
		const lead = server.addLead({ lead_type: 'web_form' });
		const { items } = await asTool({ resource: 'recording', operation: 'get', leadId: String(lead.lead_id) });
		expect(items[0].json).toMatchObject({ lead_id: lead.lead_id, has_recording: false, size: null, recording: null });
		expect(server.log).toHaveLength(1);
	});
});

describe('what it cannot be made to do', () => {
	it.each([
		[{ resource: 'lead', operation: 'get', leadId: '1/../../users' }, /Lead ID "1\/\.\.\/\.\.\/users" is not a WhatConverts ID/],
		[{ resource: 'profile', operation: 'delete', accountId: '11', profileId: '102/../../../13' }, /Profile ID .* is not a WhatConverts ID/],
		[{ resource: 'account', operation: 'update', accountId: '11/../../users', accountName: 'x' }, /Account ID .* is not a WhatConverts ID/],
		[{ resource: 'lead', operation: 'get', leadId: '500001?customer_journey=true&x=' }, /Lead ID .* is not a WhatConverts ID/],
		[{ resource: 'lead', operation: 'getAll', returnAll: false, limit: 0 }, /Limit "0" is not a whole number of 1 or more/],
		[{ resource: 'lead', operation: 'getAll', returnAll: false, limit: -5 }, /Limit "-5"/],
		[{ resource: 'lead', operation: 'getAll', returnAll: false, limit: 2.5 }, /Limit "2.5"/],
		[
			{ resource: 'lead', operation: 'getAll', returnAll: true, filters: { leadType: 'phone_call&spam=true' } },
			/Lead Type .* is not a value WhatConverts accepts/,
		],
	])('%j is refused with 0 requests', async (parameters, message) => {
		const { error } = await asTool(parameters, server.keys.master);
		expect(error?.message).toMatch(message);
		expect(server.log).toHaveLength(0);
	});
});

describe("the tool's Output: Simplified, Raw or Selected Fields", () => {
	const getMany = { resource: 'lead', operation: 'getAll', returnAll: false, limit: 2 };
	const leadsOf = (items: Array<{ json: IDataObject }>) => items[0].json.leads as IDataObject[];

	it('Get Many answers Simplified unless Output says otherwise; Selected Fields keeps lead_id and what was picked', async () => {
		server.behaviour.leadShape = 'real';
		server.addLeads(5, { lead_type: 'phone_call' });
		const simplified = await asTool(getMany);
		expect(Object.keys(leadsOf(simplified.items)[0])).toEqual(SIMPLE_KEYS);
		const raw = await asTool({ ...getMany, output: 'raw' });
		expect(Object.keys(leadsOf(raw.items)[0]).length).toBeGreaterThan(40);
		const selected = await asTool({ ...getMany, output: 'selected', fields: ['lead_source', 'contact_name', 'call_duration'] });
		expect(leadsOf(selected.items).map((lead) => Object.keys(lead))).toEqual([
			['lead_id', 'lead_source', 'contact_name', 'call_duration'],
			['lead_id', 'lead_source', 'contact_name', 'call_duration'],
		]);
		// The contact is read where WhatConverts holds it, as Simplify reads it.
		expect(leadsOf(selected.items).map((lead) => lead.contact_name)).toEqual(leadsOf(simplified.items).map((lead) => lead.contact_name));
		const none = await asTool({ ...getMany, output: 'selected' });
		expect(leadsOf(none.items).map((lead) => Object.keys(lead))).toEqual([['lead_id'], ['lead_id']]);
	});

	it('Get answers with the whole lead unless Output says otherwise', async () => {
		const lead = server.addLead({ lead_type: 'web_form' });
		const raw = await asTool({ resource: 'lead', operation: 'get', leadId: String(lead.lead_id) });
		expect(Object.keys(raw.items[0].json).length).toBeGreaterThan(40);
		const simplified = await asTool({ resource: 'lead', operation: 'get', leadId: String(lead.lead_id), output: 'simplified' });
		expect(Object.keys(simplified.items[0].json)).toEqual(SIMPLE_KEYS);
	});

	it('a tool saved with Simplify, before Output existed, answers as it did until Output is changed', async () => {
		server.addLeads(3);
		const savedOff = await asTool({ ...getMany, simplify: false });
		expect(Object.keys(leadsOf(savedOff.items)[0]).length).toBeGreaterThan(40);
		const changed = await asTool({ ...getMany, simplify: false, output: 'selected', fields: ['lead_type'] });
		expect(Object.keys(leadsOf(changed.items)[0])).toEqual(['lead_id', 'lead_type']);
		const [lead] = server.addLeads(1);
		const getSavedOn = await asTool({ resource: 'lead', operation: 'get', leadId: String(lead.lead_id), simplify: true });
		expect(Object.keys(getSavedOn.items[0].json)).toEqual(SIMPLE_KEYS);
	});

	it('tracking numbers: Simplified by default, Raw on request', async () => {
		const parameters = { resource: 'trackingNumber', operation: 'getAll', returnAll: true };
		const simplified = await asTool(parameters, server.keys.master);
		expect(Object.keys((simplified.items[0].json.numbers as IDataObject[])[0])).toHaveLength(10);
		const raw = await asTool({ ...parameters, output: 'raw' }, server.keys.master);
		expect(Object.keys((raw.items[0].json.numbers as IDataObject[])[0])).toHaveLength(16);
	});

	it('a made-up Output or field is refused before any request', async () => {
		const bad = await asTool({ ...getMany, output: 'everything' });
		expect(bad.error?.message).toMatch(/^Output "everything" is not a value WhatConverts accepts/);
		const badField = await asTool({ ...getMany, output: 'selected', fields: ['lead_id', 'password'] });
		expect(badField.error?.message).toMatch(/^Fields "password" is not one of the values offered/);
		expect(server.log).toHaveLength(0);
	});
});

describe('every answer to an agent stays within about 100 KB', () => {
	const transcription = Array.from({ length: 40_000 }, (_, i) => `Caller: sentence ${i} of a long call.`).join(' ');
	const withinBound = (json: IDataObject) => expect(JSON.stringify(json).length).toBeLessThanOrEqual(100_000);

	it('Get: a lead with a 1.5 MB transcription is cut where marked, and the note says which field and where the rest is', async () => {
		const lead = server.addLead({ lead_type: 'phone_call', call_transcription: transcription });
		expect(transcription.length).toBeGreaterThan(1_400_000);
		const { items, error } = await asTool({ resource: 'lead', operation: 'get', leadId: String(lead.lead_id) });
		expect(error).toBeUndefined();
		const json = items[0].json;
		withinBound(json);
		const kept = String(json.call_transcription);
		expect(kept.length).toBeGreaterThan(80_000);
		expect(transcription.startsWith(kept.replace(/ … \[cut here: [\d,]+ more characters\]$/, ''))).toBe(true);
		expect(kept).toMatch(/ … \[cut here: [\d,]+ more characters\]$/);
		expect(json.note).toMatch(
			/^To fit one answer of about 100 KB, long fields were cut where marked: call_transcription \([\d,]+ characters, [\d,]+ kept\)\./,
		);
		expect(json.note).toMatch(/open the item in WhatConverts, or read it with the WhatConverts node in a workflow, outside an AI agent/);
		// the other fields are whole
		expect(json).toMatchObject({ lead_id: lead.lead_id, lead_type: 'Phone Call', play_recording: lead.play_recording });
	});

	it('Describe call recording: the transcription is cut alike', async () => {
		const lead = server.addLead({ lead_type: 'phone_call', recording: 'yes', call_transcription: transcription });
		const { items, error } = await asTool({ resource: 'recording', operation: 'get', leadId: String(lead.lead_id) });
		expect(error).toBeUndefined();
		withinBound(items[0].json);
		expect(items[0].json).toMatchObject({ lead_id: lead.lead_id, has_recording: true, recording: lead.recording });
		expect(items[0].json.note).toMatch(/call_transcription/);
	});

	it('Get Many with Output Raw: a first lead larger than an answer is cut, not returned whole', async () => {
		server.addLead({ lead_type: 'phone_call', call_transcription: transcription });
		server.addLeads(3);
		const { items } = await asTool({ resource: 'lead', operation: 'getAll', returnAll: true, output: 'raw' });
		const answer = items[0].json;
		withinBound(answer);
		expect(answer.returned).toBeGreaterThanOrEqual(1);
		expect(answer.note).toMatch(/long fields were cut where marked: leads\[0\]\.call_transcription/);
	});

	it('Update (any other answer): a lead answered back with a long field is cut alike', async () => {
		const lead = server.addLead({ lead_type: 'phone_call', call_transcription: transcription });
		const { items, error } = await asTool({
			resource: 'lead',
			operation: 'update',
			leadId: String(lead.lead_id),
			updateFields: { salesValue: 5 },
		});
		expect(error).toBeUndefined();
		withinBound(items[0].json);
		expect(items[0].json).toMatchObject({ lead_id: lead.lead_id, sales_value: 5 });
	});

	it('people get the whole lead: the bound is for agents', async () => {
		const lead = server.addLead({ lead_type: 'phone_call', call_transcription: transcription });
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: String(lead.lead_id) },
			credentials: credentialsFor(server),
		});
		expect(items[0].json.call_transcription).toBe(transcription);
	});
});
