import fs from 'node:fs';

/**
 * How long the calling thread has been ready to run but waiting for a CPU taken by other work on the
 * machine (ms since it started; Linux's /proc schedstat), or undefined where that is not available.
 */
export function cpuWaitedMs(): number | undefined {
	try {
		return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
	} catch {
		return undefined;
	}
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export const MB = 2 ** 20;

export function mb(bytes: number | undefined): string {
	return bytes === undefined ? '–' : `${(bytes / MB).toFixed(0)} MB`;
}

export function ms(value: number | undefined): string {
	if (value === undefined) return '–';
	return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function ratio(a: number | undefined, b: number | undefined): string {
	return a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
}

export function int(value: number | undefined): string {
	return value === undefined ? '–' : Math.round(value).toLocaleString('en-US');
}

/** A markdown table; the console shows the same text. */
export function table(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
