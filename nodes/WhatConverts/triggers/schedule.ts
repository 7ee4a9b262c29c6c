import type { IDataObject } from 'n8n-workflow';

/**
 * How often n8n polls: its Poll Times modes, one table from which both the editor's estimate (an n8n
 * expression) and pollsPerDay() are built, and a reading of custom cron expressions.
 */

/** Polls a day of the modes that poll at fixed times; any other mode but Every X and custom polls once a day. */
const POLLS_PER_DAY: Record<string, number> = { everyMinute: 24 * 60, everyHour: 24 };

/** Every X: the unit's periods a day × ⌈the units in a period ÷ X⌉ (n8n's cron is `*\/X` in the unit's field). */
const EVERY_X_PERIODS_PER_DAY: Record<string, number> = { minutes: 24, hours: 1 };
const EVERY_X_UNITS_PER_PERIOD: Record<string, number> = { minutes: 60, hours: 24 };

/** One entry of Poll Times as n8n saves it. */
interface PollTime {
	mode?: unknown;
	value?: unknown;
	unit?: unknown;
	cronExpression?: unknown;
}

const tableText = (table: Record<string, number>) => JSON.stringify(table).replace(/"/g, "'");

/** The editor's estimate of the polls a day, as an n8n expression (a custom cron counts as one a day). */
export const POLLS_PER_DAY_EXPRESSION =
	"(($parameter.pollTimes ?? { item: [{ mode: 'everyMinute' }] }).item ?? []).reduce((polls, time) => polls + " +
	`(time.mode === 'everyX' ? ${tableText(EVERY_X_PERIODS_PER_DAY)}[time.unit] * Math.ceil(${tableText(EVERY_X_UNITS_PER_PERIOD)}[time.unit] / time.value) : ` +
	`(${tableText(POLLS_PER_DAY)}[time.mode] ?? 1)), 0)`;

/** The polls a day of one entry that is not a custom cron; undefined when it is not understood. */
function pollsOf(time: PollTime): number | undefined {
	const mode = String(time.mode ?? '');
	if (mode !== 'everyX') return POLLS_PER_DAY[mode] ?? 1;
	const unit = String(time.unit ?? '');
	const every = Number(time.value);
	if (!(unit in EVERY_X_UNITS_PER_PERIOD) || !Number.isInteger(every) || every < 1) return undefined;
	return EVERY_X_PERIODS_PER_DAY[unit] * Math.ceil(EVERY_X_UNITS_PER_PERIOD[unit] / every);
}

/** The polls a day of polling every `minutes` minutes (60 and more: every `minutes / 60` hours). */
export function pollsEvery(minutes: number): number {
	const time = minutes < 60 ? { mode: 'everyX', value: minutes, unit: 'minutes' } : { mode: 'everyX', value: minutes / 60, unit: 'hours' };
	// an entry of every minute or every x minutes or hours: never one not understood
	return pollsOf(minutes === 1 ? { mode: 'everyMinute' } : time) as number;
}

// Seconds, minutes and hours: how often a cron expression fires on its busiest day.
const DAY_FIELDS: Array<[number, number]> = [
	[0, 59],
	[0, 59],
	[0, 23],
];
const ONCE_A_DAY_OR_LESS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight'];

/** How many values of low..high a cron field takes ("*", "5", "1-5", "*\/15", "10-40/10", lists). */
function fieldValues(field: string, low: number, high: number): number | undefined {
	const values = new Set<number>();
	for (const part of field.split(',')) {
		const match = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part);
		if (!match) return undefined;
		const start = match[1] === '*' ? low : Number(match[1]);
		const end = match[2] !== undefined ? Number(match[2]) : match[1] === '*' || match[3] ? high : start;
		const step = Number(match[3] ?? 1);
		if (step < 1) return undefined;
		for (let value = start; value <= Math.min(end, high); value += step) values.add(value);
	}
	return values.size;
}

/** The most times a cron expression fires in one day; undefined when it is not understood. */
export function firingsPerDay(expression: string): number | undefined {
	const text = expression.trim();
	if (text === '@hourly') return 24;
	if (ONCE_A_DAY_OR_LESS.includes(text)) return 1;
	const fields = text.split(/\s+/);
	if (fields.length === 5) fields.unshift('0');
	if (fields.length !== 6) return undefined;
	let firings = 1;
	for (const [index, [low, high]] of DAY_FIELDS.entries()) {
		const values = fieldValues(fields[index], low, high);
		if (values === undefined) return undefined;
		firings *= values;
	}
	return firings;
}

/** The most polls n8n makes in one day with these Poll Times; undefined when one is not understood. */
export function pollsPerDay(pollTimes: unknown): number | undefined {
	const items = (pollTimes as IDataObject | null)?.item;
	let polls = 0;
	for (const time of Array.isArray(items) ? (items as PollTime[]) : []) {
		const each = time.mode === 'custom' ? firingsPerDay(String(time.cronExpression ?? '')) : pollsOf(time);
		if (each === undefined) return undefined;
		polls += each;
	}
	return polls;
}
