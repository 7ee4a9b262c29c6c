import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import { formatCount } from '../shared/text';

/** n8n runs a node as an AI agent's tool under the type name "<node>Tool". */
export function runsAsTool(ctx: { getNode(): INode }): boolean {
	return nodeOf(ctx).type.endsWith('Tool');
}

/** The most one tool call answers with: the rest is counted and left for the agent to ask for. */
export const AGENT_LIMITS = { items: 100, bytes: 100_000 };

/** Room kept in an answer for its note and the list's counts. */
const NOTE_ROOM = 2_000;
/** Text is never cut shorter than this, so a cut field still says what it is about. */
const KEPT_AT_LEAST = 500;

/** One field cut to fit an answer: where, how long it was, and how much of it is kept. */
interface Cut {
	path: string;
	length: number;
	kept: number;
	unit: 'characters' | 'entries';
}

const size = (value: unknown) => JSON.stringify(value)?.length ?? 0;
const marker = (left: number, unit: Cut['unit']) => ` … [cut here: ${formatCount(left)} more ${unit}]`;

/** Every text and list inside `value` long enough to cut, with where it is and how to put a shorter one back. */
function cuttable(value: unknown, path: string, found: Array<{ path: string; value: string | unknown[]; set: (v: unknown) => void }>) {
	if (!value || typeof value !== 'object') return;
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
		const set = (shorter: unknown) => ((value as IDataObject)[key] = shorter as IDataObject[string]);
		if (typeof entry === 'string' && entry.length > KEPT_AT_LEAST + 100) found.push({ path: at, value: entry, set });
		else if (Array.isArray(entry) && entry.length > 1) found.push({ path: at, value: entry, set });
		if (entry && typeof entry === 'object') cuttable(entry, at, found);
	}
}

/**
 * An object cut to about `budget` characters of JSON: the longest texts and lists first, each cut
 * where a marker says how much more there was. Returns a copy (the object is left as it is) and the
 * cuts, none when it fit.
 */
export function fitForAgent(json: IDataObject, budget: number): { json: IDataObject; cuts: Cut[] } {
	if (size(json) <= budget) return { json, cuts: [] };
	const copy = JSON.parse(JSON.stringify(json)) as IDataObject;
	const cuts: Cut[] = [];
	const done = new Set<string>();
	for (let total = size(copy); total > budget; total = size(copy)) {
		const found: Parameters<typeof cuttable>[2] = [];
		cuttable(copy, '', found);
		const longest = found.filter((entry) => !done.has(entry.path)).sort((a, b) => size(b.value) - size(a.value))[0];
		if (!longest) break;
		done.add(longest.path);
		const excess = total - budget;
		if (typeof longest.value === 'string') {
			const kept = Math.max(KEPT_AT_LEAST, longest.value.length - excess - 60);
			if (kept >= longest.value.length) continue;
			longest.set(longest.value.slice(0, kept) + marker(longest.value.length - kept, 'characters'));
			cuts.push({ path: longest.path, length: longest.value.length, kept, unit: 'characters' });
		} else {
			const entries = longest.value;
			let kept = entries.length;
			for (let shed = 0; kept > 1 && shed < excess + 60; kept--) shed += size(entries[kept - 1]) + 1;
			longest.set([...entries.slice(0, kept), marker(entries.length - kept, 'entries').trim()]);
			cuts.push({ path: longest.path, length: entries.length, kept, unit: 'entries' });
		}
	}
	return { json: copy, cuts };
}

/** What a note says of the cuts: which fields, how long, and where the whole of them is. */
function cutNote(cuts: Cut[], more: string): string {
	const listed = cuts.map((cut) => `${cut.path} (${formatCount(cut.length)} ${cut.unit}, ${formatCount(cut.kept)} kept)`).join(', ');
	return (
		`To fit one answer of about ${AGENT_LIMITS.bytes / 1000} KB, long fields were cut where marked: ${listed}. ` +
		`${more}WhatConverts keeps them whole: open the item in WhatConverts, or read it with the WhatConverts node in a workflow, outside an AI agent.`
	);
}

/** One answer for an AI agent, bounded: long fields cut, with a note that says which and where the rest is. */
export function boundedForAgent(item: INodeExecutionData): INodeExecutionData {
	const { json, cuts } = fitForAgent(item.json, AGENT_LIMITS.bytes - NOTE_ROOM);
	if (!cuts.length) return item;
	const note = cutNote(cuts, '');
	return { ...item, json: { ...json, note: typeof json.note === 'string' ? `${json.note} ${note}` : note } };
}

/**
 * A list as one answer for an AI agent: the items (at most 100, at most about 100 KB), how many
 * match in all, and, when some were left out, how to reach them. A first item larger than the answer
 * has its long fields cut.
 */
export function agentAnswer(
	items: IDataObject[],
	total: { count?: number; atLeast?: boolean },
	key: string,
	plural: string,
	narrow: (last: IDataObject) => string,
): INodeExecutionData[] {
	const returned: IDataObject[] = [];
	let cuts: Cut[] = [];
	let bytes = 0;
	for (const item of items.slice(0, AGENT_LIMITS.items)) {
		bytes += size(item);
		if (bytes > AGENT_LIMITS.bytes - NOTE_ROOM && returned.length) break;
		if (returned.length) returned.push(item);
		else {
			const fitted = fitForAgent(item, AGENT_LIMITS.bytes - NOTE_ROOM);
			cuts = fitted.cuts.map((cut) => ({ ...cut, path: `${key}[0].${cut.path}` }));
			bytes = size(fitted.json);
			returned.push(fitted.json);
		}
	}
	const all = Math.max(total.count ?? items.length, items.length);
	const answer: IDataObject = { returned: returned.length, total: total.atLeast ? `at least ${all}` : all };
	const notes: string[] = [];
	if (all > returned.length) {
		const more = `${total.atLeast ? 'at least ' : ''}${all - returned.length}`;
		notes.push(`${more} more ${plural} match and were not returned: ${narrow(returned[returned.length - 1])}.`);
	}
	if (cuts.length) notes.push(cutNote(cuts, 'Get one item by its ID for an answer of its own. '));
	if (notes.length) answer.note = notes.join(' ');
	answer[key] = returned;
	return [{ json: answer }];
}
