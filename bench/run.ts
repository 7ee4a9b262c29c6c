/**
 * `npm run bench`: requests, time and memory of the WhatConverts node against the floor (a bare HTTP
 * loop) and against n8n's HTTP Request node + Split Out, through n8n-core's real engine, against the
 * test server on 127.0.0.1. Prints the tables and writes BENCHMARKS.md. Not part of `npm test`.
 *
 *   npm run bench                 the full run (a few minutes)
 *   npm run bench -- --quick      1,000 / 10,000 leads and fewer runs: a smoke test of the bench itself
 *   npm run bench -- --only=fanOut[,backpressure,sharedKey,...]   some scenarios only; prints, writes nothing
 *   BENCH_PROFILE=1 npm run bench -- --only=...          also a CPU profile of each contender in build/profiles/
 *   node build/bench/run.js --report-only                 BENCHMARKS.md again from the last run's build/bench-results.json
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_DIR } from '../test/harness/n8n';
import { report, type Results } from './report';
import type { FanOutResult } from './scenarios';
import { backpressure, fanOut, returnAll, sharedKey, triggerCost } from './scenarios';

/**
 * Backpressure runs start at these points of the 3 s cycle, every 150 ms: evenly spread, as a real start
 * falls anywhere. The retries' jitter is random, so fewer runs would make the figure noisy.
 */
const PHASES_MS = Array.from({ length: 20 }, (_, i) => i * 150);

/** The whole bench gives up after this long (each task also has its own limit). */
const OVERALL_LIMIT_MS = 12 * 60_000;

function versionOf(pkg: string): string {
	try {
		return (JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
	} catch {
		return 'not installed';
	}
}

/** What of the node's description the declarative engine walks for every item. */
function nodeFacts(): { properties: number; leadIdProperties: number } {
	const file = path.join(PACKAGE_DIR, 'dist/nodes/WhatConverts/WhatConverts.node.js');
	const { WhatConverts } = require(file) as { WhatConverts: new () => { description: { properties: Array<{ name: string }> } } };
	const { properties } = new WhatConverts().description;
	return { properties: properties.length, leadIdProperties: properties.filter((p) => p.name === 'leadId').length };
}

async function main(): Promise<void> {
	if (process.argv.includes('--report-only')) {
		write(JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Results);
		return;
	}
	const quick = process.argv.includes('--quick');
	const only = process.argv
		.find((arg) => arg.startsWith('--only='))
		?.slice('--only='.length)
		.split(',');
	const wanted = (name: string) => !only || only.includes(name);
	const sizes = quick ? [1_000, 10_000] : [10_000, 100_000];
	const timedRuns = quick ? 3 : 5;
	const started = Date.now();
	const log = (line: string) => console.log(line);
	const machine = {
		date: new Date().toISOString(),
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
		memoryGb: os.totalmem() / 2 ** 30,
		loadAverage: os.loadavg(),
		node: process.version,
		n8nCore: versionOf('n8n-core'),
		n8nWorkflow: versionOf('n8n-workflow'),
		n8nNodesBase: versionOf('n8n-nodes-base'),
		quick,
	};
	log(
		`bench: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
	);

	const returnAllResults = [];
	if (wanted('returnAll')) {
		log('1. Return All');
		for (const size of sizes) returnAllResults.push(await returnAll(size, timedRuns, log));
	}
	let fanOutResult: FanOutResult[] | undefined;
	if (wanted('fanOut')) {
		log('2. Fan-out');
		fanOutResult = [
			await fanOut(1000, 50, 'get', quick ? 1 : 3, log),
			await fanOut(1000, 300, 'get', 1, log),
			await fanOut(1000, 50, 'update', quick ? 1 : 3, log),
		];
	}
	const backpressureResult = wanted('backpressure')
		? (log('3. Backpressure'), await backpressure(10_000, quick ? [0, 1500] : PHASES_MS, log))
		: undefined;
	const triggerResult = wanted('trigger') ? (log('4. Trigger cost'), await triggerCost(10_000, log)) : undefined;
	const sharedKeyResult = wanted('sharedKey')
		? (log('5. Shared key'), await sharedKey(quick ? [1, 2] : [1, 2, 4], quick ? 200 : 1000, 300, log))
		: undefined;
	if (only || !fanOutResult || !backpressureResult || !triggerResult || !sharedKeyResult) return;

	const results: Results = {
		machine: { ...machine, loadAverageEnd: os.loadavg(), durationS: (Date.now() - started) / 1000 },
		node: nodeFacts(),
		returnAll: returnAllResults,
		fanOut: fanOutResult,
		backpressure: backpressureResult,
		trigger: triggerResult,
		sharedKey: sharedKeyResult,
	};
	fs.mkdirSync(path.join(PACKAGE_DIR, 'build'), { recursive: true });
	fs.writeFileSync(
		RESULTS_FILE,
		JSON.stringify(results, (key, value) => (key === 'log' ? undefined : value)),
	);
	write(results);
	log(`\nin ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const RESULTS_FILE = path.join(PACKAGE_DIR, 'build/bench-results.json');

function write(results: Results): void {
	const text = report(results);
	console.log(`\n${text}`);
	const file = path.join(PACKAGE_DIR, results.machine.quick ? 'build/BENCHMARKS.quick.md' : 'BENCHMARKS.md');
	fs.writeFileSync(file, text);
	console.log(`\nwritten to ${path.relative(PACKAGE_DIR, file)}`);
}

const limit = setTimeout(() => {
	console.error(`bench: still running after ${OVERALL_LIMIT_MS / 60_000} min, giving up`);
	process.exit(2);
}, OVERALL_LIMIT_MS);
limit.unref();

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
