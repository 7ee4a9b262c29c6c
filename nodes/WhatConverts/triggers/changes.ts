import { createHash } from 'crypto';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { typed } from '../parameters/types';
import { epochSeconds } from './cursor';

/**
 * "Only When These Fields Change", shared by Updated Lead and the Webhook Trigger: the last seen
 * values of the chosen fields, by lead, kept in the workflow's static data as one string, and the
 * `changes` of a lead against them. No requests here: the triggers hand over the leads they read.
 *
 * Only leads with a chosen field set are kept (a field at its default counts as empty: no value, an
 * empty map, false, quotable "Not Set", lead_status "Unique"), each as [id, time, ...values]. A value
 * longer than LONGEST_KEPT_VALUE characters is kept as a short fingerprint: its change is noticed,
 * its `before` is null. Past the bound the oldest entries are forgotten: such a lead's next change
 * (or edit, for Updated Lead) reports its set fields with `before` null, as for a lead met the first time.
 */

/** The fields WhatConverts lets users edit (the API's lead edit, the app), and those that move a deal. */
export const WATCHABLE_FIELDS = [
	{ name: 'Additional Fields', value: 'additional_fields' },
	{ name: 'Custom Fields', value: 'custom_fields' },
	{ name: 'Duplicate', value: 'duplicate' },
	{ name: 'Lead Status', value: 'lead_status' },
	{ name: 'Lead URL', value: 'lead_url' },
	{ name: 'Notes', value: 'notes' },
	{ name: 'Quotable', value: 'quotable' },
	{ name: 'Quote Value', value: 'quote_value' },
	{ name: 'Sales Value', value: 'sales_value' },
	{ name: 'Spam', value: 'spam' },
];

/** Updated Lead keeps at most this many leads (the oldest by creation are forgotten first). */
export const POLL_REMEMBERED_LEADS = 10_000;
/** The memory's text stays within about this many characters, whatever the values (the oldest forgotten first). */
export const MOST_KEPT_CHARS = 1_000_000;
/** Values longer than this (as JSON) are kept as a fingerprint. */
export const LONGEST_KEPT_VALUE = 40;

export const onlyWhenFieldsChange = (emits: string, overrides: Partial<INodeProperties> = {}) =>
	typed('enumList', {
		displayName: 'Only When These Fields Change',
		name: 'onlyWhenFieldsChange',
		type: 'multiOptions',
		options: WATCHABLE_FIELDS,
		default: [],
		description: `${emits} only when one of these fields differs from what the trigger last saw of that lead, with "changes": each changed field's value before and after (before is null for a lead the trigger meets the first time). Empty: any change.`,
		...overrides,
	});

/** The chosen fields, in a fixed order (empty: the option is off). */
export function chosenFields(value: unknown): string[] {
	const chosen = Array.isArray(value) ? value.map(String) : [];
	return WATCHABLE_FIELDS.map((field) => field.value).filter((field) => chosen.includes(field));
}

export type Changes = Record<string, { before: unknown; after: unknown }>;

const FINGERPRINT = '\u0000';
const DEFAULTS: Record<string, RegExp> = { quotable: /^\s*not[\s_-]*set\s*$/i, lead_status: /^\s*unique\s*$/i };
const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

/** A value written one way: 150 and "150.00" alike, map keys in any order, null fields left out. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value !== null && typeof value === 'object') {
		const fields = Object.entries(value).filter(([, field]) => field !== null && field !== undefined);
		return Object.fromEntries(fields.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, field]) => [key, canonical(field)]));
	}
	if (typeof value === 'string' && NUMBER.test(value)) return Number(value);
	return value;
}

const fingerprint = (value: unknown) =>
	FINGERPRINT +
	createHash('sha256')
		.update(JSON.stringify(canonical(value)))
		.digest('base64url')
		.slice(0, 10);

function isEmpty(field: string, value: unknown): boolean {
	if (value === null || value === undefined || value === false) return true;
	if (typeof value === 'string') return value.trim() === '' || !!DEFAULTS[field]?.test(value);
	if (typeof value === 'object') return Object.keys(value).length === 0;
	return false;
}

/** What is kept of a field's value: null when empty, the value when short, else its fingerprint. */
function kept(field: string, value: unknown): unknown {
	if (isEmpty(field, value)) return null;
	return JSON.stringify(value).length <= LONGEST_KEPT_VALUE ? value : fingerprint(value);
}

const isFingerprint = (value: unknown) => typeof value === 'string' && value.startsWith(FINGERPRINT);

function same(keptValue: unknown, field: string, value: unknown): boolean {
	if (isEmpty(field, value)) return keptValue === null;
	if (keptValue === null) return false;
	if (isFingerprint(keptValue)) return keptValue === fingerprint(value);
	return JSON.stringify(canonical(keptValue)) === JSON.stringify(canonical(value));
}

interface Entry {
	/** Updated Lead: the lead's creation second (it leaves the window by it); webhook: when it was delivered. */
	time: number;
	values: unknown[];
}

/**
 * The kept values as one string: {"fields":[...],"leads":[[id, time, ...values], ...]}, by id, id
 * and time as steps from the previous entry's (lead ids come in runs, so a step is a few digits).
 */
function encode(fields: string[], entries: Map<number, Entry>): string {
	const leads: unknown[][] = [];
	let previousId = 0;
	let previousTime = 0;
	for (const id of [...entries.keys()].sort((a, b) => a - b)) {
		const { time, values } = entries.get(id) as Entry;
		leads.push([id - previousId, time - previousTime, ...values]);
		previousId = id;
		previousTime = time;
	}
	return JSON.stringify({ fields, leads });
}

/** The entries kept for these fields; none when the text is not what encode wrote, or for other fields. */
function decode(fields: string[], text: unknown): Map<number, Entry> {
	const entries = new Map<number, Entry>();
	if (typeof text !== 'string' || !text) return entries;
	let parsed: { fields?: unknown; leads?: unknown };
	try {
		parsed = JSON.parse(text) as typeof parsed;
	} catch {
		return entries;
	}
	if (JSON.stringify(parsed.fields) !== JSON.stringify(fields) || !Array.isArray(parsed.leads)) return entries;
	let id = 0;
	let time = 0;
	for (const lead of parsed.leads as unknown[]) {
		if (!Array.isArray(lead) || typeof lead[0] !== 'number' || typeof lead[1] !== 'number') return new Map();
		id += lead[0];
		time += lead[1];
		entries.set(id, { time, values: lead.slice(2, 2 + fields.length) });
	}
	return entries;
}

/**
 * The chosen fields' last seen values of the leads a trigger has met. `before` stays as the memory
 * was when it was loaded, so that a lead read twice in one poll still shows its change.
 */
export class FieldMemory {
	private readonly before: Map<number, Entry>;

	private readonly now: Map<number, Entry>;

	constructor(
		readonly fields: string[],
		text: unknown,
	) {
		this.before = decode(fields, text);
		this.now = new Map(this.before);
	}

	/** Whether the memory held values of this lead when it was loaded. */
	knew(id: number): boolean {
		return this.before.has(id);
	}

	/** Keeps a lead's values as they are now, at `time` (none kept when all are empty). */
	remember(lead: IDataObject, time: number): void {
		const id = Number(lead.lead_id);
		if (!Number.isSafeInteger(id)) return;
		const values = this.fields.map((field) => kept(field, lead[field]));
		if (values.every((value) => value === null)) this.now.delete(id);
		else this.now.set(id, { time, values });
	}

	/** The chosen fields whose value differs from the one kept when the memory was loaded; undefined when none does. */
	changesOf(lead: IDataObject): Changes | undefined {
		const entry = this.before.get(Number(lead.lead_id));
		const changes: Changes = {};
		this.fields.forEach((field, index) => {
			const before = entry?.values[index] ?? null;
			if (same(before, field, lead[field])) return;
			changes[field] = { before: isFingerprint(before) ? null : before, after: lead[field] ?? null };
		});
		return Object.keys(changes).length ? changes : undefined;
	}

	/** The memory to store: entries at or after `from`, the newest `bound` of them, within MOST_KEPT_CHARS. */
	text(bound: number, from = -Infinity): string {
		const recent = [...this.now].filter(([, entry]) => entry.time >= from);
		recent.sort(([idA, a], [idB, b]) => b.time - a.time || idB - idA);
		const kept = new Map<number, Entry>();
		let chars = 0;
		for (const [id, entry] of recent) {
			// The values, and about as much again as an entry's id and time steps take at most.
			chars += JSON.stringify(entry.values).length + 16;
			if (kept.size >= bound || chars > MOST_KEPT_CHARS) break;
			kept.set(id, entry);
		}
		return encode(this.fields, kept);
	}
}

/** The leads among `emit` whose chosen fields changed, each with its `changes`. */
function withChanges(memory: FieldMemory, emit: IDataObject[]): IDataObject[] {
	const changed: IDataObject[] = [];
	for (const lead of emit) {
		const changes = memory.changesOf(lead);
		if (changes) changed.push({ ...lead, changes } as IDataObject);
	}
	return changed;
}

/**
 * Updated Lead with the option set: every lead read is remembered by its creation second (so it
 * is forgotten once out of the look-back window). Emitted: the leads the poll would emit (its
 * edits) whose chosen fields changed, and the leads it remembers whose values differ though their
 * last_updated did not move (two edits in one second, the second after a read).
 */
export class UpdatedLeadChanges {
	private readonly memory: FieldMemory;

	/** Leads the memory knows whose chosen values differ from it, as last read. */
	private readonly differing = new Map<number, IDataObject>();

	private constructor(fields: string[], stored: unknown) {
		this.memory = new FieldMemory(fields, stored);
	}

	/** The watch for this option, from the memory stored with the cursor; undefined when the option is off. */
	static of(option: unknown, stored: IDataObject | undefined): UpdatedLeadChanges | undefined {
		const fields = chosenFields(option);
		return fields.length ? new UpdatedLeadChanges(fields, stored?.fieldValues) : undefined;
	}

	/** What the cursor's key adds: a change of the chosen fields starts over, as a change of filters does. */
	static keyOf(option: unknown): string[][] {
		const fields = chosenFields(option);
		return fields.length ? [fields] : [];
	}

	read(leads: IDataObject[]): void {
		for (const lead of leads) {
			const id = Number(lead.lead_id);
			if (this.memory.knew(id) && this.memory.changesOf(lead)) this.differing.set(id, lead);
			else this.differing.delete(id);
			this.memory.remember(lead, epochSeconds(lead.date_created));
		}
	}

	/** Of the poll's edits and the leads whose values differ, those whose chosen fields changed, by last_updated. */
	emitted(emit: IDataObject[]): IDataObject[] {
		const leads = new Map(emit.map((lead) => [Number(lead.lead_id), lead]));
		for (const [id, lead] of this.differing) if (!leads.has(id)) leads.set(id, lead);
		const byUpdate = (a: IDataObject, b: IDataObject) =>
			epochSeconds(a.last_updated) - epochSeconds(b.last_updated) || Number(a.lead_id) - Number(b.lead_id);
		return withChanges(this.memory, [...leads.values()].sort(byUpdate));
	}

	/** What the static data keeps: the leads created at or after `windowStart`, at most POLL_REMEMBERED_LEADS. */
	stored(windowStart: number): IDataObject {
		return { fieldValues: this.memory.text(POLL_REMEMBERED_LEADS, windowStart) };
	}
}

/**
 * The Webhook Trigger with the option set: a delivery's changes against the last delivery of that
 * lead the trigger kept, or undefined when none of the chosen fields changed; this delivery then
 * becomes the one kept (at most `bound` leads, the least recently delivered forgotten first). A test
 * delivery ("Listen for test event") is kept nowhere and always has changes, so that the editor
 * shows their shape: against the kept delivery, or else each set field with before null.
 */
export function deliveryChanges(data: IDataObject, fields: string[], lead: IDataObject, test: boolean, bound: number): Changes | undefined {
	const memory = new FieldMemory(fields, data.fieldValues);
	const changes = memory.changesOf(lead);
	if (test) return changes ?? new FieldMemory(fields, undefined).changesOf(lead) ?? {};
	memory.remember(lead, Math.floor(Date.now() / 1000));
	const text = memory.text(bound);
	// Written only when it differs: n8n saves the static data after a call that changed it.
	if (text !== data.fieldValues) data.fieldValues = text;
	return changes;
}
