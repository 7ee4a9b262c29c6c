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
/** The key that marks where a map was cut, its value saying how many entries were left out. */
export const CUT_KEY = '… cut here';

type Container = IDataObject | unknown[];
interface Cuttable {
	path: string;
	value: string | Container;
	/** its length as JSON */
	length: number;
	set: (v: unknown) => void;
}

const isContainer = (value: unknown): value is Container => value !== null && typeof value === 'object';
const entriesOf = (value: Container): Array<[string, unknown]> =>
	Array.isArray(value) ? value.map((entry, i) => [String(i), entry]) : Object.entries(value);

/**
 * Every text, list and map inside `value` long enough to cut, with where it is, its length as JSON
 * and how to put a shorter one back. Returns the length of `value` as JSON, summed in the same walk.
 */
function cuttable(value: Container, path: string, found: Cuttable[]): number {
	const entries = entriesOf(value);
	let length = 2 + Math.max(0, entries.length - 1);
	for (const [key, entry] of entries) {
		const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
		const set = (shorter: unknown) => ((value as IDataObject)[key] = shorter as IDataObject[string]);
		const entryLength = isContainer(entry) ? cuttable(entry, at, found) : size(entry);
		if (typeof entry === 'string' && entry.length > KEPT_AT_LEAST + 100) found.push({ path: at, value: entry, length: entryLength, set });
		else if (isContainer(entry) && entriesOf(entry).length > 1) found.push({ path: at, value: entry, length: entryLength, set });
		length += entryLength + (Array.isArray(value) ? 0 : size(key) + 1);
	}
	return length;
}

/**
 * A list or map cut to its first entries, shedding at least `excess` characters; a marker says how
 * many were left out. Undefined when the cut would shed no more than its marker adds.
 */
function cutEntries(
	container: Container,
	excess: number,
	keepOne: boolean,
): { shorter: Container; kept: number; length: number } | undefined {
	const entries = entriesOf(container);
	const list = Array.isArray(container);
	// an entry's share of the JSON: its value, its comma, and in a map its quoted key and colon
	const share = ([key, value]: [string, unknown]) => size(value) + 1 + (list ? 0 : size(key) + 1);
	const room = marker(entries.length, 'entries').length + CUT_KEY.length + 8;
	let kept = entries.length;
	let shed = 0;
	for (; kept > (keepOne ? 1 : 0) && shed < excess + room + 60; kept--) shed += share(entries[kept - 1]);
	if (kept === entries.length || shed <= room) return undefined;
	const left = marker(entries.length - kept, 'entries').trim();
	const shorter = list ? [...container.slice(0, kept), left] : { ...Object.fromEntries(entries.slice(0, kept)), [CUT_KEY]: left };
	return { shorter, kept, length: entries.length };
}

/**
 * An object cut to about `budget` characters of JSON, whatever its shape: the longest texts, lists and
 * maps first, each cut where a marker says how much more there was (a map keeps its first entries).
 * Returns a copy (the object is left as it is) and the cuts, none when it fit. When cutting inside is
 * not enough (say, a great many short top-level fields), the object keeps its first fields.
 */
export function fitForAgent(json: IDataObject, budget: number): { json: IDataObject; cuts: Cut[] } {
	if (size(json) <= budget) return { json, cuts: [] };
	let copy = JSON.parse(JSON.stringify(json)) as IDataObject;
	const cuts: Cut[] = [];
	const done = new Set<string>();
	for (;;) {
		// the fields left to cut, longest first; read again after each cut, as a cut changes the lengths above it
		const found: Cuttable[] = [];
		const total = cuttable(copy, '', found);
		if (total <= budget) break;
		const ranked = found.filter((entry) => !done.has(entry.path)).sort((a, b) => b.length - a.length);
		const cut = ranked.find((entry) => {
			done.add(entry.path);
			return cutOne(entry, total - budget, cuts);
		});
		if (!cut) {
			// nothing inside is left to cut: the object's own first fields
			const itself = cutEntries(copy, total - budget, false);
			if (itself) {
				copy = itself.shorter as IDataObject;
				cuts.push({ path: '(the item itself)', length: itself.length, kept: itself.kept, unit: 'entries' });
			}
			break;
		}
	}
	return { json: copy, cuts };
}

/** Cuts one text, list or map to shed about `excess` characters; false when it cannot shed any. */
function cutOne(field: Cuttable, excess: number, cuts: Cut[]): boolean {
	if (typeof field.value === 'string') {
		const kept = Math.max(KEPT_AT_LEAST, field.value.length - excess - 60);
		if (kept >= field.value.length) return false;
		field.set(field.value.slice(0, kept) + marker(field.value.length - kept, 'characters'));
		cuts.push({ path: field.path, length: field.value.length, kept, unit: 'characters' });
		return true;
	}
	const cut = cutEntries(field.value, excess, true);
	if (!cut) return false;
	field.set(cut.shorter);
	cuts.push({ path: field.path, length: cut.length, kept: cut.kept, unit: 'entries' });
	return true;
}

/** Cuts named in a note at most; a path this long at most: the note stays within its room. */
const CUTS_NAMED = 8;
const PATH_SHOWN = 120;

/** What a note says of the cuts: which fields, how long, and where the whole of them is. */
function cutNote(cuts: Cut[], more: string): string {
	const shown = (path: string) => (path.length > PATH_SHOWN ? `${path.slice(0, PATH_SHOWN)}…` : path);
	let listed = cuts
		.slice(0, CUTS_NAMED)
		.map((cut) => `${shown(cut.path)} (${formatCount(cut.length)} ${cut.unit}, ${formatCount(cut.kept)} kept)`)
		.join(', ');
	if (cuts.length > CUTS_NAMED) listed += ` and ${formatCount(cuts.length - CUTS_NAMED)} more`;
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
