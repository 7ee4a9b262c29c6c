import type { IDataObject } from 'n8n-workflow';

export const DAY_SECONDS = 86_400;
export const DAY_MS = DAY_SECONDS * 1000;

/** The first second (epoch seconds, UTC) of the day of `second`. */
export const dayOf = (second: number) => Math.floor(second / DAY_SECONDS) * DAY_SECONDS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a date as WhatConverts reads it: a date (2025-01-31) or a date-time, UTC unless the text
 * names a zone. Returns the instant, or undefined when the text is not such a date.
 */
export function parseApiDate(text: string, endOfDay = false): Date | undefined {
	const match = ISO_DATE.exec(text.trim());
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, zone] = match;
	// Date rolls 2025-02-30 over into March and 24:00 into the next day: refuse them instead.
	const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) return undefined;
	if (Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) return undefined;
	const time = hour === undefined ? (endOfDay ? '23:59:59' : '00:00:00') : `${hour}:${minute}:${second ?? '00'}`;
	const offset = zone && !/^z$/i.test(zone) && !zone.includes(':') ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
	const date = new Date(`${year}-${month}-${day}T${time}${offset ?? 'Z'}`);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Whole seconds since the epoch of a date as WhatConverts writes it in answers (2025-01-31T13:45:00Z,
 * or without a zone: 2025-01-31 13:45:00, which is UTC too). Undefined when it is no such date.
 */
export function epochSecondsOf(text: unknown): number | undefined {
	if (typeof text !== 'string') return undefined;
	// Date.parse is fast and exact for ISO dates that name their zone (and date-only ones, UTC);
	// a date-time without a zone is given Z, since Date.parse would read it in the process's zone.
	const ms = Date.parse(ZONED.test(text) || !text.includes(':') ? text : `${text.trim().replace(' ', 'T')}Z`);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

const ZONED = /(?:z|[+-]\d{2}:?\d{2})$/i;

/** A lead's date_created as whole seconds since the epoch (NaN when it has none). */
export const secondOf = (lead: IDataObject) => epochSecondsOf(lead.date_created) ?? NaN;

/** A checked date parameter (a date, or a date-time in UTC) as epoch seconds; an end date alone is its day's last second. */
export function secondsOfDate(text: unknown, endOfDay = false): number | undefined {
	if (typeof text !== 'string' || !text) return undefined;
	const date = parseApiDate(text, endOfDay);
	return date && date.getTime() / 1000;
}

/** The API's date-time form of whole seconds since the epoch. */
export const apiDateOf = (seconds: number) => formatApiDate(new Date(seconds * 1000));

/** The date-time form the API documents: 2025-01-31T00:00:00Z (whole seconds, UTC). */
export function formatApiDate(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A date given as text, a Date or a Luxon DateTime (what $now and date expressions give). */
export function dateText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	const toISO = (value as { toISO?: unknown } | null)?.toISO;
	if (typeof toISO === 'function') return String(toISO.call(value));
	return undefined;
}
