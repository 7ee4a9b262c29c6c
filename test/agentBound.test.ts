// Every answer to an AI agent stays within about 100 KB whatever the lead's shape: a seeded property
// test (AGENT_SEED=<seed> replays a run) over random leads (many small fields, deep maps, long arrays,
// long strings, mixtures), first through the cut itself, then through every tool operation that
// answers with a lead, in n8n's real engine. Whenever something was cut, a note says so.
import type { IDataObject } from 'n8n-workflow';

import { AGENT_LIMITS, agentAnswer, boundedForAgent } from '../nodes/WhatConverts/output/agentAnswer';
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { rng } from './server';

const server = useServer();
const seed = Number(process.env.AGENT_SEED ?? Date.now() % 100_000);
const CUT_NOTE = /To fit one answer of about 100 KB, long fields were cut where marked: /;
const MARKED = /cut here/;

type Random = () => number;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const WORDS = ['lead', 'call', 'form', 'quote', 'Ünïcödé', 'caller said', '"quoted"', 'line\nbreak', '€100', 'x'];
const text = (random: Random, length: number) => {
	let out = '';
	while (out.length < Math.min(length, 2_000)) out += `${WORDS[between(random, 0, WORDS.length - 1)]} `;
	// a long text repeats its first 2,000 characters
	return out.repeat(Math.ceil(length / out.length)).slice(0, length);
};

/** A map of many short entries: a long form's hundreds of answers. */
const manySmall = (random: Random) =>
	Object.fromEntries(
		Array.from({ length: between(random, 50, 1_500) }, (_, i) => [`Question ${i}`, text(random, between(random, 5, 400))]),
	);
/** Maps inside maps, up to 3,000 entries in all. */
function deepMap(random: Random, depth: number, room = { left: 3_000 }): IDataObject {
	const length = Math.max(1, Math.min(between(random, 2, 12), room.left));
	room.left -= length;
	return Object.fromEntries(
		Array.from({ length }, (_, i) => [
			`level${depth}_${i}`,
			depth > 1 && random() < 0.7 && room.left > 0 ? deepMap(random, depth - 1, room) : text(random, between(random, 10, 900)),
		]),
	);
}
/** A long array of small entries, or of small objects. */
const longArray = (random: Random) =>
	Array.from({ length: between(random, 100, 20_000) }, (_, i) =>
		random() < 0.5 ? text(random, between(random, 3, 60)) : { step: i, page: text(random, 40) },
	);
const longString = (random: Random) => text(random, between(random, 1_000, 1_500_000));

const SHAPES = ['manySmall', 'deepMap', 'longArray', 'longString', 'mixture'] as const;

/** Lead fields of one random shape: where the API carries free-form data (a form's fields, custom fields, analysis, a transcription). */
function randomFields(random: Random, shape = SHAPES[between(random, 0, SHAPES.length - 1)]): { shape: string; fields: IDataObject } {
	const one = (kind: (typeof SHAPES)[number]): IDataObject => {
		if (kind === 'manySmall') return { additional_fields: manySmall(random) };
		if (kind === 'deepMap') return { lead_analysis: deepMap(random, between(random, 2, 8)) };
		if (kind === 'longArray') return { custom_fields: { steps: longArray(random) } };
		return { call_transcription: longString(random) };
	};
	if (shape !== 'mixture') return { shape, fields: one(shape) };
	const kinds = SHAPES.filter((kind) => kind !== 'mixture' && random() < 0.7);
	return { shape: `mixture of ${kinds.join(', ') || 'nothing'}`, fields: Object.assign({}, ...kinds.map(one)) as IDataObject };
}

/** Within the bound, and a note whenever a marker says something was cut (and none without). */
function expectBounded(json: IDataObject, context: object) {
	const written = JSON.stringify(json);
	const cut = MARKED.test(written);
	const noted = CUT_NOTE.test(String(json.note ?? ''));
	expect({ ...context, size: written.length <= AGENT_LIMITS.bytes, cut, noted }).toEqual({ ...context, size: true, cut, noted: cut });
	return cut;
}

describe(`the cut alone, over 100 random objects (seed ${seed}; AGENT_SEED=${seed} replays it)`, () => {
	it('one item and a list of them: within the bound, cut when larger, a note when cut', () => {
		const random = rng(seed);
		for (let run = 0; run < 100; run++) {
			const { shape, fields } = randomFields(random);
			// sometimes a great many top-level fields too: nothing inside to cut
			const top =
				random() < 0.2
					? Object.fromEntries(Array.from({ length: between(random, 1_000, 8_000) }, (_, i) => [`field_${i}`, text(random, 30)]))
					: {};
			const lead: IDataObject = { lead_id: run, ...fields, ...top };
			const context = { seed, run, shape, top: Object.keys(top).length };
			const whole = JSON.stringify(lead).length;
			const cut = expectBounded(boundedForAgent({ json: lead }).json, context);
			// the answer keeps room for its note: an item a little under 100 KB may be cut too
			if (whole <= AGENT_LIMITS.bytes - 2_000) expect({ ...context, cut }).toEqual({ ...context, cut: false });
			if (whole > AGENT_LIMITS.bytes) expect({ ...context, cut }).toEqual({ ...context, cut: true });
			const [list] = agentAnswer([lead, { lead_id: -1 }], { count: 2 }, 'leads', 'leads', () => 'narrow the filters');
			expectBounded(list.json, { ...context, list: true });
		}
	});
});

it("the cut alone: a long form's 600 short fields keep the first, and say how many were left out", () => {
	const form = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`Question ${i + 1}`, `Answer ${i + 1}: ${'x'.repeat(280)}`]));
	const { json } = boundedForAgent({ json: { lead_id: 1, additional_fields: form } });
	expect(JSON.stringify(json).length).toBeLessThanOrEqual(AGENT_LIMITS.bytes);
	expect(json.note).toMatch(/cut where marked: additional_fields \(600 entries, \d+ kept\)/);
});

describe(`every tool operation that answers with a lead (seed ${seed}; AGENT_SEED=${seed} replays it)`, () => {
	const asTool = (parameters: IDataObject) =>
		runNode({ type: 'whatConvertsTool', parameters: parameters as never, credentials: credentialsFor(server) });
	const operations: Array<[string, (leadId: number, email: string) => IDataObject]> = [
		['Get', (leadId) => ({ resource: 'lead', operation: 'get', leadId: String(leadId) })],
		['Get (Simplified)', (leadId) => ({ resource: 'lead', operation: 'get', leadId: String(leadId), output: 'simplified' })],
		['Get Many (Output Raw)', () => ({ resource: 'lead', operation: 'getAll', returnAll: true, output: 'raw' })],
		['Get Many', () => ({ resource: 'lead', operation: 'getAll', returnAll: true })],
		['Update', (leadId) => ({ resource: 'lead', operation: 'update', leadId: String(leadId), updateFields: { salesValue: 5 } })],
		[
			'Find or Create (found)',
			(_, email) => ({ resource: 'lead', operation: 'findOrCreate', matchBy: 'emailAddress', matchValue: email, leadType: 'phone_call' }),
		],
		['Describe Call Recording', (leadId) => ({ resource: 'recording', operation: 'get', leadId: String(leadId) })],
	];

	it.each(operations)(
		'%s: a random lead of each shape, each answer within the bound, a note whenever something was cut',
		async (name, parameters) => {
			const random = rng(seed + name.length);
			for (const [run, kind] of SHAPES.entries()) {
				server.reseed();
				const { shape, fields } = randomFields(random, kind);
				const email = `agent-${run}@example.com`;
				const lead = server.addLead({ lead_type: 'phone_call', recording: 'yes', email_address: email, ...(fields as object) });
				server.addLeads(2, { lead_type: 'phone_call', ...(fields as object) });
				const { items, error } = await asTool(parameters(lead.lead_id, email));
				const context = { seed, name, run, shape };
				expect({ ...context, error: error?.message }).toEqual({ ...context, error: undefined });
				const cut = expectBounded(items[0].json, context);
				// a raw Get of a lead larger than an answer is always cut
				if (name === 'Get' && JSON.stringify(lead).length > AGENT_LIMITS.bytes + 5_000)
					expect({ ...context, cut }).toEqual({ ...context, cut: true });
			}
		},
	);

	it("a long form's hundreds of fields: Get and Get Many (Output Raw) keep the first, say how many were left out and where the whole is", async () => {
		const form = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`Question ${i + 1}`, `Answer ${i + 1}: ${'x'.repeat(280)}`]));
		const lead = server.addLead({ lead_type: 'web_form', additional_fields: form });
		server.addLeads(1, { lead_type: 'web_form', additional_fields: form });
		expect(JSON.stringify(lead).length).toBeGreaterThan(170_000);
		const get = (await asTool({ resource: 'lead', operation: 'get', leadId: String(lead.lead_id) })).items[0].json;
		expect(JSON.stringify(get).length).toBeLessThanOrEqual(AGENT_LIMITS.bytes);
		const kept = get.additional_fields as IDataObject;
		const keys = Object.keys(kept);
		expect(keys.slice(0, 3)).toEqual(['Question 1', 'Question 2', 'Question 3']);
		expect(kept['… cut here']).toBe(`… [cut here: ${600 - keys.length + 1} more entries]`);
		expect(get.note).toMatch(new RegExp(`cut where marked: additional_fields \\(600 entries, ${keys.length - 1} kept\\)\\.`));
		expect(get.note).toMatch(/open the item in WhatConverts, or read it with the WhatConverts node in a workflow, outside an AI agent/);
		const many = (await asTool({ resource: 'lead', operation: 'getAll', returnAll: true, output: 'raw' })).items[0].json;
		expect(JSON.stringify(many).length).toBeLessThanOrEqual(AGENT_LIMITS.bytes);
		expect(many.note).toMatch(/cut where marked: leads\[0\]\.additional_fields \(600 entries, \d+ kept\)/);
	});
});
