/** Turns the scenarios' results into the tables, the targets and BENCHMARKS.md. */
import { projectPolicies, type Policy } from './model';
import type { FanOutContender } from './protocol';
import {
	FAN_OUT_CONTENDERS,
	type BackpressureResult,
	type FanOutResult,
	type ReturnAllResult,
	type SharedKeyResult,
	type TriggerResult,
} from './scenarios';
import { CONTENDERS } from './scenarios';
import { int, mb, median, ms, ratio, sum, table } from './stats';

export interface Machine {
	date: string;
	cpus: number;
	cpuModel: string;
	memoryGb: number;
	loadAverage: number[];
	loadAverageEnd: number[];
	node: string;
	n8nCore: string;
	n8nWorkflow: string;
	n8nNodesBase: string;
	durationS: number;
	quick: boolean;
}

export interface Results {
	machine: Machine;
	/** The node's description: how many properties RoutingNode walks per item, how many are named leadId. */
	node: { properties: number; leadIdProperties: number };
	returnAll: ReturnAllResult[];
	fanOut: FanOutResult[];
	backpressure: BackpressureResult;
	trigger: TriggerResult;
	/** Missing in results written before the scenario existed. */
	sharedKey?: SharedKeyResult;
}

const NAMES = { floor: 'floor (bare HTTP loop)', node: 'WhatConverts node', httpRequest: 'HTTP Request + Split Out' };

interface Target {
	target: string;
	measured: string;
	met: boolean;
	/** Why it was missed and what would close it (or a note when met). */
	note?: string;
}

const verdict = (met: boolean) => (met ? 'met' : '**missed**');

function returnAllSection(results: ReturnAllResult[]): string {
	const rows: string[][] = [];
	for (const r of results) {
		const floor = r.contenders.floor;
		const http = r.contenders.httpRequest;
		for (const c of CONTENDERS) {
			const x = r.contenders[c];
			rows.push([
				int(r.leads),
				NAMES[c],
				[...new Set(x.requests)].join('/') + (x.refused ? ` (${x.refused} refused)` : ''),
				ms(x.medianMs),
				int(r.leads / (x.medianMs / 1000)),
				ms(x.cpuMs),
				ms(x.first.wallMs),
				mb(x.first.heapPeak),
				mb(x.first.maxRss),
				mb(x.loadedRss),
				mb(x.first.maxRss - x.loadedRss),
				c === 'floor' ? '1.00×' : ratio(x.medianMs, floor.medianMs),
				c === 'httpRequest' ? '1.00×' : ratio(x.medianMs, http.medianMs),
			]);
		}
		rows.push([int(r.leads), `raw JSON of the ${r.expectRequests} pages`, '', '', '', '', '', '', mb(r.rawJsonBytes), '', '', '', '']);
	}
	return table(
		[
			'Leads',
			'Contender',
			'Requests',
			`Wall (median of ${results[0].contenders.node.wallMs.length})`,
			'Items/s',
			'Client CPU',
			'First run',
			'Peak heap',
			'Peak RSS',
			'RSS loaded',
			'RSS growth',
			'Time vs floor',
			'Time vs HTTP Request',
		],
		rows,
	);
}

const FAN_OUT_NAMES: Record<FanOutContender, string> = {
	floor: 'bare loop, 20 workers',
	node: 'WhatConverts node',
	nodeOneOperation: 'WhatConverts node cut to the operation (experiment)',
	httpRequest: 'HTTP Request, one id per item',
	httpRequestBatched: 'HTTP Request, batching 20 items per batch',
};

function fanOutSection(f: FanOutResult): string {
	const floor = f.runs.floor;
	const rows = FAN_OUT_CONTENDERS.map((c) => {
		const x = f.runs[c];
		return [
			c === 'httpRequestBatched' ? `HTTP Request, batching ${f.workers} items every ${f.latencyMs} ms` : FAN_OUT_NAMES[c],
			x.failed ? `failed after ${ms(x.medianMs)}` : ms(x.medianMs),
			ms(x.firstRequestAfterMs),
			ms(x.sendingMs),
			x.failed ? '–' : ratio(x.sendingMs, f.boundMs),
			int(x.requests),
			String(x.peakInFlight),
			x.meanInFlight.toFixed(1),
			`${x.cpuMsPerItem.toFixed(2)} ms / ${x.sendingCpuMsPerItem === undefined ? '–' : `${x.sendingCpuMsPerItem.toFixed(2)} ms`}`,
			`${ms(x.cpuWaitMs)} / ${ms(x.serverCpuWaitMs)}`,
			x.expressionsPerItem === undefined ? '–' : x.expressionsPerItem.toFixed(1),
			String(x.refused),
			x.failed ? '–' : ratio(x.medianMs, floor.medianMs),
			x.failed ? '–' : ratio(x.medianMs, f.boundMs),
		];
	});
	const failures = FAN_OUT_CONTENDERS.filter((c) => f.runs[c].failed).map(
		(c) => `${FAN_OUT_NAMES[c]} failed: "${f.runs[c].failed?.slice(0, 160)}".`,
	);
	return (
		`### ${int(f.items)} ${f.operation === 'get' ? 'lead gets' : 'lead updates (POST)'}, answers after ${f.latencyMs} ms (bound ${ms(f.boundMs)})\n\n` +
		table(
			[
				'Contender',
				`Wall (median of ${floor.wallMs.length})`,
				'First request after',
				'First request to last answer',
				'Sending phase vs bound',
				'Requests',
				'Peak in flight',
				'Mean in flight',
				'Client CPU per item: run / from first request',
				'Waited for a CPU: client / server',
				'n8n expressions per item',
				'429s',
				'vs bare loop',
				'vs bound',
			],
			rows,
		) +
		(failures.length ? `\n\n${failures.join(' ')}` : '')
	);
}

function backpressureSection(b: BackpressureResult): string {
	const rows = b.runs.map((r) => [
		`${r.phaseMs} ms`,
		ms(r.wallMs),
		ms(r.unloadedMs),
		ms(r.idealMs),
		ratio(r.wallMs, r.idealMs),
		`${r.requests} (${r.refused} refused)`,
		String(r.idealRequests),
		ms(r.overshootMs),
		r.retryGapsMs.map((g) => Math.round(g)).join(', ') || '–',
	]);
	const total = [
		'**all runs**',
		ms(sum(b.runs.map((r) => r.wallMs))),
		ms(sum(b.runs.map((r) => r.unloadedMs))),
		ms(sum(b.runs.map((r) => r.idealMs))),
		ratio(sum(b.runs.map((r) => r.wallMs)), sum(b.runs.map((r) => r.idealMs))),
		`${sum(b.runs.map((r) => r.requests))} (${sum(b.runs.map((r) => r.refused))} refused)`,
		String(sum(b.runs.map((r) => r.idealRequests))),
		ms(sum(b.runs.map((r) => r.overshootMs))),
		'',
	];
	return table(
		[
			'Start, into the cycle',
			'Wall',
			'Without backpressure',
			'Ideal',
			'vs ideal',
			'Requests',
			'Ideal requests',
			'Late after window end',
			'Waits before each retry (ms)',
		],
		[...rows, total],
	);
}

/** Backoff policies the model weighs: a 1 s base doubling (the transport when this bench was written) and finer ones. */
export const POLICIES: Policy[] = [
	{ baseDelayMs: 1000 },
	{ baseDelayMs: 250 },
	{ baseDelayMs: 100, capMs: 400 },
	{ baseDelayMs: 100, capMs: 1000 },
	{ baseDelayMs: 200, capMs: 200 },
];

const policyName = (p: Policy) => `${p.baseDelayMs} ms × 2^retry${p.capMs ? `, at most ${p.capMs} ms` : ''}`;

/**
 * The listed policy the transport seems to follow, from the measured waits after a page's first 429:
 * with equal jitter they average ¾ of the first step. Among policies with that first step, the one
 * whose predicted refusals come closest to the measured ones.
 */
function inferredPolicy(b: BackpressureResult, pages: number): Policy | undefined {
	const firstWaits = b.runs.flatMap((r) => r.firstRetryGapsMs ?? r.retryGapsMs.slice(0, 1));
	if (!firstWaits.length) return undefined;
	const firstStep = sum(firstWaits) / firstWaits.length / 0.75;
	// a wait is at most one step, and a step at most the cap: the longest wait rules out smaller caps
	const longest = Math.max(...b.runs.flatMap((r) => r.retryGapsMs));
	const possible = POLICIES.filter((p) => p.capMs === undefined || p.capMs + 50 >= longest);
	const distance = (p: Policy) => Math.abs(Math.log(p.baseDelayMs / firstStep));
	const best = Math.min(...possible.map(distance));
	const candidates = possible.filter((p) => distance(p) === best);
	const refused = sum(b.runs.map((r) => r.refused)) / b.runs.length;
	const projected = projectPolicies(pages, b.pageMs, b.periodMs, b.blockedMs, candidates);
	return projected.sort((x, y) => Math.abs(x.refusedPerRun - refused) - Math.abs(y.refusedPerRun - refused))[0];
}

function modelSection(b: BackpressureResult): string {
	const pages = b.runs[0]?.idealRequests ?? 4;
	const measuredRatio = sum(b.runs.map((r) => r.wallMs)) / sum(b.runs.map((r) => r.idealMs));
	const measuredRefused = sum(b.runs.map((r) => r.refused)) / b.runs.length;
	const current = inferredPolicy(b, pages);
	const rows = [b.pageMs, 1000].flatMap((pageMs) =>
		projectPolicies(pages, pageMs, b.periodMs, b.blockedMs, POLICIES).map((p) => [
			pageMs === b.pageMs ? `${ms(pageMs)} (as measured here)` : `${ms(pageMs)} (a slow API)`,
			policyName(p) + (current && policyName(current) === policyName(p) ? ' (as measured)' : ''),
			`${p.ratio.toFixed(2)}×`,
			p.refusedPerRun.toFixed(2),
			ms(p.lateMs),
		]),
	);
	const check = current
		? (() => {
				const [projection] = projectPolicies(pages, b.pageMs, b.periodMs, b.blockedMs, [current]);
				return `The measured waits after a first 429 fit "${policyName(current)}"; for it the model predicts ${projection.ratio.toFixed(2)}× and ${projection.refusedPerRun.toFixed(2)} refused requests a run; measured: ${measuredRatio.toFixed(2)}× and ${measuredRefused.toFixed(2)}.`;
			})()
		: 'No request was refused, so the model has nothing to be checked against.';
	return `Model of the same runs (\`bench/model.ts\`: start points spread evenly over the cycle, pages of ${ms(b.pageMs)} (the median
Return All without backpressure ÷ ${pages}), equal-jitter backoff as the transport does it). ${check}

${table(['Time per page', 'Backoff step after a 429 without Retry-After', 'Time vs ideal', 'Refused per run', 'Late per run'], rows)}`;
}

function triggerSection(t: TriggerResult): string {
	const polls = table(
		['Poll', 'Requests', 'Expected', 'Items', 'Expected items', 'Time', 'Peak heap growth'],
		t.polls.map((p) => [
			p.label,
			String(p.requests) + (p.refused ? ` (${p.refused} refused)` : ''),
			p.expectRequests === undefined ? '–' : String(p.expectRequests),
			p.error ? `error: ${p.error}` : String(p.items),
			p.expectItems === undefined ? '–' : String(p.expectItems),
			p.wallMs === undefined ? '–' : ms(p.wallMs),
			p.heapGrowth === undefined ? '–' : mb(p.heapGrowth),
		]),
	);
	if (!t.cursors) return polls;
	const cursors = table(
		['Cursor', 'Leads', 'Static data (bytes)'],
		t.cursors.map((c) => [c.label, c.leads.toLocaleString('en-US'), c.bytes.toLocaleString('en-US')]),
	);
	return `${polls}\n\nThe trigger's static data, saved by n8n after every poll:\n\n${cursors}`;
}

function sharedKeySection(k: SharedKeyResult | undefined): string {
	if (!k) return 'Not measured in this run.';
	return table(
		[
			'Processes',
			'Gets',
			'Wall',
			`Ideal (${k.maxInFlight} in flight in all)`,
			'vs ideal',
			'Requests',
			'Refused',
			'Peak accepted in flight',
			'Failures',
		],
		k.runs.map((r) => [
			String(r.processes),
			`${r.processes} × ${int(r.getsPerProcess)}`,
			ms(r.wallMs),
			ms(r.idealMs),
			ratio(r.wallMs, r.idealMs),
			int(r.requests),
			`${int(r.refused)} (${((100 * r.refused) / Math.max(1, r.requests)).toFixed(1)} %)`,
			String(r.peakAccepted),
			r.failures.length ? r.failures.join('; ') : 'none',
		]),
	);
}

/** The fan-out of one operation at one answer time. */
function fanOutAt(results: Results, operation: 'get' | 'update', latencyMs: number): FanOutResult {
	const found = results.fanOut.find((f) => f.operation === operation && f.latencyMs === latencyMs);
	if (!found) throw new Error(`no fan-out of ${operation} at ${latencyMs} ms in the results`);
	return found;
}

export function targetsOf(results: Results): Target[] {
	const targets: Target[] = [];
	const { returnAll, backpressure: b, trigger } = results;
	const f = fanOutAt(results, 'get', 50);
	const node = f.runs.node;
	for (const r of returnAll) {
		const node = r.contenders.node;
		targets.push({
			target: `Return All ${int(r.leads)}: requests = 1 + ceil((N − 2500)/2499) = ${r.expectRequests}, none refused`,
			measured: `${[...new Set(node.requests)].join('/')} per run, ${node.refused} refused`,
			met: node.requests.every((n) => n === r.expectRequests) && node.refused === 0,
		});
	}
	targets.push({
		target: 'No wasted requests besides retries of refused ones (fan-out, backpressure)',
		measured: `fan-out ${int(node.requests)} requests for ${int(f.items)} items, ${node.refused} refused; backpressure ${sum(b.runs.map((x) => x.requests - x.refused))} accepted for ${sum(b.runs.map((x) => x.idealRequests))} pages`,
		met: node.requests - node.refused === f.items && b.runs.every((x) => x.requests - x.refused === x.idealRequests),
	});
	const idle = trigger.polls.find((p) => p.label.startsWith('newLead: idle'));
	targets.push({
		target: 'Idle poll: 1 request',
		measured: idle ? `${idle.requests}` : 'not measured',
		met: idle ? idle.requests === 1 : false,
	});
	for (const r of returnAll) {
		const { floor, node, httpRequest } = r.contenders;
		targets.push({
			target: `Return All ${int(r.leads)}: node ≤ 1.5× floor (time)`,
			measured: `${ms(node.medianMs)} vs ${ms(floor.medianMs)} = ${ratio(node.medianMs, floor.medianMs)}`,
			met: node.medianMs <= 1.5 * floor.medianMs,
		});
		targets.push({
			target: `Return All ${int(r.leads)}: node ≤ 1.0× HTTP Request + Split Out (time)`,
			measured: `${ms(node.medianMs)} vs ${ms(httpRequest.medianMs)} = ${ratio(node.medianMs, httpRequest.medianMs)}`,
			met: node.medianMs <= httpRequest.medianMs,
		});
	}
	const { floor, httpRequestBatched: batched } = f.runs;
	targets.push({
		target: 'Fan-out 1,000 gets at 50 ms: node ≤ 1.3× bare 20-worker loop',
		measured: `${ms(node.medianMs)} vs ${ms(floor.medianMs)} = ${ratio(node.medianMs, floor.medianMs)}; peak in flight ${node.peakInFlight}, ${node.refused} × 429`,
		met: node.medianMs <= 1.3 * floor.medianMs && node.peakInFlight <= 20 && node.refused === 0,
	});
	targets.push({
		target: 'Fan-out 1,000 gets at 50 ms: node no slower than HTTP Request with batching',
		measured: `${ms(node.medianMs)} vs ${batched.failed ? 'failed' : ms(batched.medianMs)}`,
		met: Boolean(batched.failed) || node.medianMs <= batched.medianMs,
	});
	targets.push({
		target: 'Fan-out 1,000 gets at 50 ms: node CPU per item ≤ 2.07 ms (half of the 4.15 ms before)',
		measured: `${node.cpuMsPerItem.toFixed(2)} ms, ${node.expressionsPerItem?.toFixed(1) ?? '?'} n8n expressions per item`,
		met: node.cpuMsPerItem <= 2.075,
	});
	const slow = results.fanOut.find((x) => x.operation === 'get' && x.latencyMs === 300);
	if (slow) {
		const n = slow.runs.node;
		targets.push({
			target: `Fan-out 1,000 gets at 300 ms: node's sending phase (first request to last answer) ≤ 1.1× the bound`,
			measured: `${ms(n.sendingMs)} vs ${ms(slow.boundMs)} = ${ratio(n.sendingMs, slow.boundMs)}; peak in flight ${n.peakInFlight}, ${n.refused} × 429`,
			met: n.sendingMs <= 1.1 * slow.boundMs && n.peakInFlight <= 20 && n.refused === 0,
		});
		targets.push({
			target: 'Fan-out 1,000 gets at 300 ms: node ≥ 19 requests in flight on average over its sending phase, as the server counts them',
			measured: `${n.meanInFlight.toFixed(1)} (bare loop ${slow.runs.floor.meanInFlight.toFixed(1)})`,
			met: n.meanInFlight >= 19,
		});
	}
	const bpWall = sum(b.runs.map((x) => x.wallMs));
	const bpIdeal = sum(b.runs.map((x) => x.idealMs));
	targets.push({
		target: 'Backpressure, Return All 10,000: ≤ 1.2× ideal (time, over all start phases)',
		measured: `${ms(bpWall)} vs ${ms(bpIdeal)} = ${ratio(bpWall, bpIdeal)}; ${sum(b.runs.map((x) => x.refused))} refused requests`,
		met: bpWall <= 1.2 * bpIdeal,
	});
	for (const r of results.sharedKey?.runs ?? []) {
		const alone = r.processes === 1;
		targets.push({
			target: alone
				? 'Shared key, 1 process: no request refused, none failed'
				: `Shared key, ${r.processes} processes: none failed, at most 10 % of requests refused`,
			measured: `${int(r.refused)} of ${int(r.requests)} refused, ${r.failures.length} failed; ${ratio(r.wallMs, r.idealMs)} the ideal time`,
			met: r.failures.length === 0 && (alone ? r.refused === 0 : r.refused <= 0.1 * r.requests),
		});
	}
	const big = returnAll[returnAll.length - 1];
	targets.push({
		target: `Memory, Return All ${int(big.leads)}: node peak RSS ≤ 1.5× floor`,
		measured: `${mb(big.contenders.node.first.maxRss)} vs ${mb(big.contenders.floor.first.maxRss)} = ${ratio(big.contenders.node.first.maxRss, big.contenders.floor.first.maxRss)} (raw JSON ${mb(big.rawJsonBytes)}; growth over the loaded process ${ratio(big.contenders.node.first.maxRss - big.contenders.node.loadedRss, big.contenders.floor.first.maxRss - big.contenders.floor.loadedRss)})`,
		met: big.contenders.node.first.maxRss <= 1.5 * big.contenders.floor.first.maxRss,
	});
	return targets;
}

export function report(results: Results): string {
	const { machine: m, returnAll, fanOut, backpressure: b, trigger } = results;
	const targets = targetsOf(results);
	const missed = targets.filter((t) => t.met === false);
	return `# Benchmarks

Written by \`npm run bench\`${m.quick ? ' --quick (smoke run: smaller sizes, fewer runs; not the real figures)' : ''} on ${m.date}.

- Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb.toFixed(0)} GB, shared with other work: load average ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')} at the start, ${m.loadAverageEnd.map((l) => l.toFixed(2)).join(' / ')} at the end.
- Node ${m.node}; n8n-core ${m.n8nCore}, n8n-workflow ${m.n8nWorkflow}, n8n-nodes-base ${m.n8nNodesBase}. The whole run took ${m.durationS.toFixed(0)} s.
- The test server (\`test/server\`) runs in the bench's own process on 127.0.0.1 with every lead's JSON cached; each contender runs in a child process of its own, so its memory is its own.
  The node and HTTP Request + Split Out run through n8n-core's real \`WorkflowExecute\` (\`test/harness/n8n.ts\`), from the built package in \`dist/\`.

## Targets

${table(
	['Target', 'Measured', 'Verdict'],
	targets.map((t) => [t.target, t.measured, verdict(t.met)]),
)}

${missed.length ? `### Why targets were missed, and what would close them\n\n${explanations(results, missed).join('\n\n')}\n` : 'Every measured target is met.\n'}
## 1. Return All

Lead \`getAll\` with Return All (pages of 2,500 leads by creation date, each from the second of the last lead read, so
each page after the first repeats one lead: 1 + ⌈(N − 2,500) ÷ 2,499⌉ requests; the floor and HTTP Request read by page number,
which skips or repeats leads when the list changes between pages). The worst case, not measured here (the leads below are a
second apart), is a second shared by more than 1,250 leads: it costs ⌈its leads ÷ 2,500⌉ + 1 requests more, read again (up
to 12 times) only while its leads come back in another order or change; \`test/liveAccount.test.ts\` counts those requests. Wall time is the median of the timed runs, each
from the first request to the last item out of the engine, in a process that has already run once. The first run of
each fresh process is shown apart: its peak heap (V8 heap used, sampled every 5 ms) and peak RSS (the process's
\`maxrss\`) are the memory figures. "RSS loaded" is the process after loading its code (n8n-core and the package for the
engine's contenders; nothing for the bare loop), before any run; "RSS growth" is peak RSS minus that.

- floor: Node's \`http\` with a keep-alive agent, page after page, \`JSON.parse\`, leads pushed into one array.
- HTTP Request + Split Out: HTTP Request node v4.2, Basic auth credential, query \`leads_per_page=2500\`, pagination
  "Update a Parameter in Each Request" \`page_number = {{ $pageCount + 1 }}\`, complete when
  \`{{ $response.body.page_number >= $response.body.total_pages }}\`; then Split Out on \`leads\`.

${returnAllSection(returnAll)}

## 2. Fan-out

${int(fanOut[0].items)} input items, each one request: a lead \`get\` (GET /leads/{id}) or a lead \`update\` of its sales value (a form
POST to /leads/{id}). The server refuses (429) more than ${fanOut[0].maxInFlight} requests in flight per key and answers after the
time given, so ${fanOut[0].maxInFlight} in flight allow items ÷ 20 × that time at best. Each contender runs in its own process; the first
run of each warms it up and is not counted. Contenders:

- bare loop: Node's \`http\` with a keep-alive agent, 20 workers each taking the next id; no n8n.
- WhatConverts node: lead Get (or Update) with the Lead ID \`{{ $json.leadId }}\` from each item, through n8n-core's \`WorkflowExecute\`.
- WhatConverts node cut to the operation (an experiment, not something to ship): the same, in a process where the node's
  description holds only the properties n8n shows for that operation, so n8n's walk over the description per item is short.
- HTTP Request: what a user builds without this package: HTTP Request v4.2 with a Basic-auth credential, the URL
  \`…/leads/{{ $json.leadId }}\` from each item (and a form body for the update), its default options; and the same with
  its *Batching* option, 20 items per batch every N ms, N the server's answer time: the best interval a user could choose.
- "n8n expressions per item": evaluations of \`={{ … }}\` values by n8n during the run (item parameters, routing and credential values).
- "First request to last answer" is the sending phase, from the server's log: from the first request's arrival to the last
  answer; "Sending phase vs bound" divides it by the bound. "Mean in flight" is what the API counts: each request's time
  from its arrival to its answer, summed over the server's log and divided by the sending phase.
- "Client CPU per item": the contender's process over the run, and from its first request on (the sending phase's share).
- "Waited for a CPU": how long the contender's thread (from its first request on) and the server's thread (the bench's own,
  over the run) were ready to run but waited for a CPU held by other work on the machine (Linux schedstat): what the
  machine's load took from the run. A wait while an answer or a connected request is pending holds back the next request.

${fanOut.map(fanOutSection).join('\n\n')}

## 3. Backpressure

Return All of ${int(b.leads)} leads while the server answers 429 (no Retry-After) for the first ${b.blockedMs} ms of every ${b.periodMs} ms.
One run starts at each of ${b.runs.length} points spread evenly over that cycle (where a real run starts is chance). The ideal
is worked out from each run's own time line: the same work between requests as the run did, no request that would be
refused, and a wait exactly until a blocked window ends; so load from other work on the machine falls on both alike.
"Without backpressure" is the same Return All run right before, for comparison (median ${ms(b.unloadedMs)}).
"Late after window end" is how long after the window's end the retry that got through was sent.

${backpressureSection(b)}

${modelSection(b)}

## 4. Trigger cost

Polls of the trigger in n8n-core's \`PollContext\`, hourly (so that every schedule here fits a profile key's quota), each in
the same child process as the poll before it. Time runs from the poll's start to its return; peak heap growth is the most
the V8 heap grew above where it stood at the start (sampled every 5 ms): what the poll held at once. Updated Lead reads the
whole look-back window at every poll; New Lead the last hour (it waits that long for calls to end). Both read pages by
creation date as Return All does (1 + ⌈(N − 2,500) ÷ 2,499⌉ requests for N leads in the window; a second shared by more than
1,250 leads costs ⌈its leads ÷ 2,500⌉ + 1 more while it is in the window). Before this reading, a poll held every lead of its
window at once; now it holds about a page. Measured once on the code before it (the same polls, this machine, 2026-12-05):
Updated Lead over 50,000 leads took 20 requests and 1,044 ms an idle poll, its heap grew by 91 MB (83 MB held after a full
GC, against 8 MB now) and the poll sampled with a full GC every 100 ms took 36.7 s (3.0 s now); over 10,000 leads,
4 requests. New Lead after the burst of 10,000: 5 requests, 403 ms, +28 MB.

${triggerSection(trigger)}

## 5. Shared key

Independent processes, each with a limiter of its own as n8n workers in queue mode have, fan out lead \`get\`s with one
API key at the same moment (after a short warm-up run in each). The server answers in ${results.sharedKey?.latencyMs ?? 300} ms and refuses (429) more
than ${results.sharedKey?.maxInFlight ?? 20} requests in flight per key; the ideal is all gets at ${results.sharedKey?.maxInFlight ?? 20} in flight in total. Wall time runs from the
common start to the last process's end.

${sharedKeySection(results.sharedKey)}
`;
}

/** Why each missed target was missed, from what was measured, and what would close it. */
function explanations(results: Results, missed: Target[]): string[] {
	const { returnAll, backpressure: b } = results;
	const f = fanOutAt(results, 'get', 50);
	const out: string[] = [];
	const missedText = (prefix: string) => missed.some((t) => t.target.startsWith(prefix));
	for (const r of returnAll) {
		const { floor, node, httpRequest } = r.contenders;
		const vsFloor = missedText(`Return All ${int(r.leads)}: node ≤ 1.5× floor`);
		const vsHttp = missedText(`Return All ${int(r.leads)}: node ≤ 1.0×`);
		if (!vsFloor && !vsHttp) continue;
		const lines = [
			`- **Return All ${int(r.leads)}, time**: node ${ms(node.medianMs)}, floor ${ms(floor.medianMs)}, HTTP Request + Split Out ${ms(httpRequest.medianMs)} ` +
				`(wall, median). Client CPU, which the load from other work on the machine disturbs less: node ${ms(node.cpuMs)}, floor ${ms(floor.cpuMs)} ` +
				`(${ratio(node.cpuMs, floor.cpuMs)}), HTTP Request + Split Out ${ms(httpRequest.cpuMs)} (${ratio(node.cpuMs, httpRequest.cpuMs)}).`,
		];
		if (vsHttp && node.cpuMs <= httpRequest.cpuMs) {
			lines.push(
				'  The node spends less CPU than HTTP Request + Split Out, so the wall-time miss is the noise of a shared machine ' +
					`(spread of the node's runs: ${node.wallMs.map(Math.round).join(', ')} ms; HTTP Request's: ${httpRequest.wallMs.map(Math.round).join(', ')} ms).`,
			);
		}
		if (vsHttp && node.cpuMs > httpRequest.cpuMs) {
			lines.push(
				`  Against HTTP Request + Split Out the CPU is ${node.cpuMs <= 1.1 * httpRequest.cpuMs ? 'level' : 'higher'} (${ratio(node.cpuMs, httpRequest.cpuMs)}): both spend most of it in ` +
					"n8n's HTTP stack (axios) and JSON.parse; what each adds — Split Out's deep copy of every lead, the node's copies of the lead " +
					'arrays and `normaliseMaps` — is of the same order at this size, so the order of the two changes from run to run. Building the ' +
					'items page by page (below) would give the node a clear margin.',
			);
		}
		if (vsFloor && node.cpuMs <= 1.5 * floor.cpuMs) {
			lines.push(
				`  In CPU the node is within the target (${ratio(node.cpuMs, floor.cpuMs)}); its wall time sits at the edge and tips over with the load ` +
					`(node's runs: ${node.wallMs.map(Math.round).join(', ')} ms; floor's: ${floor.wallMs.map(Math.round).join(', ')} ms).`,
			);
		}
		if (vsFloor) lines.push(`  ${RETURN_ALL_WHY}`);
		out.push(lines.join('\n'));
	}
	if (missedText('Fan-out 1,000 gets at 50 ms')) {
		const n = f.runs.node;
		const floor = f.runs.floor;
		out.push(
			`- **Fan-out**: node ${ms(n.medianMs)}, bare loop ${ms(floor.medianMs)}, bound ${ms(f.boundMs)}; ${n.peakInFlight} in flight at most, ${n.refused} 429s. ` +
				`The node sends its first request ${ms(n.firstRequestAfterMs)} after the run starts (bare loop: ${ms(floor.firstRequestAfterMs)}), then needs ` +
				`${ms(n.sendingMs)} from the first request to the last answer (bare loop: ${ms(floor.sendingMs)}); its process spends ${n.cpuMsPerItem.toFixed(2)} ms ` +
				`of CPU per item against the bare loop's ${floor.cpuMsPerItem.toFixed(2)} ms, with ${n.expressionsPerItem?.toFixed(1) ?? '?'} n8n expression evaluations per item.\n  ` +
				FAN_OUT_WHY.replace('{properties}', String(results.node.properties)) +
				busyThreadText(f) +
				FAN_OUT_CLOSE +
				oneOperationText(f),
		);
	}
	const slow = results.fanOut.find((x) => x.operation === 'get' && x.latencyMs === 300);
	if (slow && missedText('Fan-out 1,000 gets at 300 ms')) out.push(sendingPhaseText(slow));
	if (missedText('Backpressure')) {
		const gaps = b.runs.flatMap((r) => r.retryGapsMs);
		const refused = sum(b.runs.map((r) => r.refused));
		const pages = b.runs[0]?.idealRequests ?? 4;
		const current = inferredPolicy(b, pages);
		const closing = projectPolicies(pages, b.pageMs, b.periodMs, b.blockedMs, POLICIES).filter((p) => p.ratio <= 1.15);
		out.push(
			`- **Backpressure**: ${ms(sum(b.runs.map((r) => r.wallMs)))} against an ideal of ${ms(sum(b.runs.map((r) => r.idealMs)))} over ${b.runs.length} runs; ` +
				`${refused} requests were refused and their retries reached the server ${ms(sum(b.runs.map((r) => r.overshootMs)))} in all after their window had ended ` +
				`(waits before a retry: ${gaps.length ? `${Math.round(Math.min(...gaps))}–${Math.round(Math.max(...gaps))} ms, median ${Math.round(median(gaps))} ms` : 'none'}` +
				`${current ? `; they fit "${policyName(current)}"` : ''}).\n  ${BACKPRESSURE_WHY}` +
				(closing.length
					? ` In the model (section 3), at this page time: ${closing.map((p) => `"${policyName(p)}" ${p.ratio.toFixed(2)}× for ${p.refusedPerRun.toFixed(2)} refused a run`).join('; ')}.`
					: ''),
		);
	}
	if (missedText('Memory')) out.push(`- **Memory**. ${MEMORY_WHY}`);
	if (missed.some((t) => t.target.includes('requests ='))) out.push(`- **Requests**. ${REQUESTS_WHY}`);
	if (missedText('No wasted')) out.push(`- **Wasted requests**. ${REQUESTS_WHY}`);
	if (missedText('Idle poll')) out.push(`- **Idle poll**. ${TRIGGER_WHY}`);
	if (missedText('Shared key')) out.push(`- **Shared key**. ${SHARED_KEY_WHY}`);
	return out;
}

// Causes found with CPU profiles of the contender processes (BENCH_PROFILE=1, on this machine, while
// this bench was written) and with the expression count the bench keeps.
const RETURN_ALL_WHY =
	"Where the node's extra CPU over the floor goes, from CPU profiles of the 100,000-lead runs (2026-12-08, per run): garbage " +
	"collection in the larger n8n process (about 1.03 s against the floor's 0.69 s), axios (its copy, decoding and JSON.parse " +
	"of each 4 MB page, 0.66 s), n8n's engine (0.10 s), and the package's own code (0.36 s): pairing each item with its input " +
	'item (`itemsOut`, 0.07 s), `normaliseMaps` (0.05 s), `sendLeadList` making the items as each page arrives (0.04 s), and ' +
	"the lead reader's reading of each lead's id and date and its memory of the ids returned (0.12 s; a read remembers " +
	'them so that a lead re-dated between pages is not returned twice). The items are made page by page: no array of every ' +
	"lead before the items. What would close the rest is n8n's: its axios stack and item model, which HTTP Request + Split " +
	'Out pays too (and more of).';

const FAN_OUT_WHY =
	'The package no longer adds expressions of its own: no `requestDefaults.baseURL` and no URL expression (paths are built ' +
	'from the checked id), Basic auth by a function rather than two credential expressions, the credential read once per ' +
	'execution, one Lead ID property for every operation, the node copied once per item; its items take turns 40 at a time, ' +
	'so that its own work for an item (reading and checking the parameters, building the request) runs while earlier items wait, ' +
	'and after the request that takes a freed slot has left. ' +
	"Evaluations per item fell from 10 to 3, CPU per item from 4.15 ms to the figure above. What is left is n8n's: " +
	"(1) n8n-core's declarative `RoutingNode` prepares every input item in one synchronous loop before any request can " +
	'leave ("first request after"), walking the node\'s whole description ({properties} properties, a third of them the tool ' +
	'descriptions AI agents read) twice per item, once for the request and once more in `resolveBaseUrl`, and evaluating the ' +
	"item's Lead ID expression on each walk; the node's own reading of it is the third evaluation. Each evaluation costs about " +
	"0.2-0.4 ms here: n8n builds a fresh expression context, with a Luxon `DateTime` in the workflow's time zone, every time. " +
	"A CPU profile of the node alone (1,000 gets) puts about 0.7 ms per item in RoutingNode's walks, 0.65 ms in the three " +
	"evaluations, 0.5 ms in n8n's HTTP stack (axios through @n8n/backend-network, a new agent and TCP connection per request), " +
	'0.45 ms in garbage collection and 0.3 ms in the package. ';

const FAN_OUT_CLOSE =
	'HTTP Request fed one id per item has no limit of its own and fails at once (most of its requests refused); with its ' +
	'Batching option it needs an interval a little over the answer time to stay under 20 in flight, and still fails when ' +
	"answers are slower than the interval. What would close it: n8n-core evaluating each item's parameters once and " +
	'preparing items as requests leave; or a programmatic `execute()` with a pool of 20 workers, which the package does not ' +
	"use because its operations are declared for n8n's declarative routing.";

/** (2) of the fan-out's causes: how busy the one thread is while requests flow, from what was measured. */
function busyThreadText(f: FanOutResult): string {
	const n = f.runs.node;
	if (n.sendingCpuMsPerItem === undefined) return '';
	const busy = (n.sendingCpuMsPerItem * f.items) / n.sendingMs;
	return (
		`(2) From its first request on, the node's one thread spends ${n.sendingCpuMsPerItem.toFixed(2)} ms per item ` +
		`(bare loop ${f.runs.floor.sendingCpuMsPerItem?.toFixed(2) ?? '?'} ms), so it is busy ${Math.round(100 * busy)} % of the sending phase: n8n's HTTP work ` +
		'for every request and answer (a new agent and TCP connection per request, axios, follow-redirects), the Lead ID ' +
		'evaluation of the next item, garbage collection. An answer that comes while it is busy waits to be read, and the request ' +
		`that takes its slot waits for the thread again once connected, so ${n.meanInFlight.toFixed(1)} requests are in flight on average ` +
		`as the server counts them, not 20. `
	);
}

/** Why the node's sending phase at 300 ms is longer than 20 in flight allow, from what was measured. */
function sendingPhaseText(f: FanOutResult): string {
	const { node: n, floor } = f.runs;
	return (
		`- **Fan-out at ${f.latencyMs} ms, sending phase**: node ${ms(n.sendingMs)} from its first request to its last answer against a bound ` +
		`of ${ms(f.boundMs)} (${ratio(n.sendingMs, f.boundMs)}; bare loop ${ratio(floor.sendingMs, f.boundMs)}), ${n.meanInFlight.toFixed(1)} requests in flight ` +
		`on average as the server counts them (bare loop ${floor.meanInFlight.toFixed(1)}). Meanwhile the node's thread waited ${ms(n.cpuWaitMs)} for a CPU ` +
		`held by other work on the machine and the server's ${ms(n.serverCpuWaitMs)} (in the bare loop's run: ${ms(floor.cpuWaitMs)} and ` +
		`${ms(floor.serverCpuWaitMs)}); the node's process spent ${n.sendingCpuMsPerItem?.toFixed(2) ?? '?'} ms of CPU per item from its first request on ` +
		`(bare loop ${floor.sendingCpuMsPerItem?.toFixed(2) ?? '?'} ms).\n  ` +
		'The window itself stays full: the node holds its 20 slots, 40 items take turns so that about 20 requests are built and ' +
		'waiting for a slot, nothing is refused so the window stays at 20, and a freed slot goes to the next request at once. ' +
		'What the API sees is less, by what happens on the client between an answer leaving the server and the next request ' +
		"arriving: the node's one thread reads the answer, and n8n opens a new agent and TCP connection for the next request " +
		"and writes it once connected, on the event loop's next turn (the bare loop writes it at once on a kept-alive " +
		'connection). The transport lets that request leave before anything else runs for the answered item (its output, and ' +
		"the next item's build with its Lead ID evaluation). What is left in each hand-over is n8n's HTTP work for the two " +
		'requests, garbage collection, and every moment the thread waits for a CPU while an answer or a connected request is ' +
		'pending (the waits above). What would close the rest: a machine without other work; in n8n, a kept-alive agent per ' +
		'credential, so that a request goes out in the same turn as the answer that freed its slot.'
	);
}

/** What the experiment with the node cut to the one operation's properties measured. */
function oneOperationText(f: FanOutResult): string {
	const { node, nodeOneOperation: cut, floor } = f.runs;
	if (!cut || cut.failed) return '';
	const perItem = (node.firstRequestAfterMs - cut.firstRequestAfterMs) / f.items;
	return (
		`\n  The experiment row "${FAN_OUT_NAMES.nodeOneOperation}" is the same node in its own process with its description cut to ` +
		'the properties n8n shows for lead Get (no other operation, no AI tool descriptions). It sends its first request after ' +
		`${ms(cut.firstRequestAfterMs)} instead of ${ms(node.firstRequestAfterMs)}, so the walk over the rest of the description costs ` +
		`about ${perItem.toFixed(2)} ms per item; its CPU per item is ${cut.cpuMsPerItem.toFixed(2)} ms and its wall ` +
		`${ratio(cut.medianMs, floor.medianMs)} the bare loop's. ` +
		(cut.medianMs <= 1.3 * floor.medianMs && cut.cpuMsPerItem <= 2.075
			? 'Cut so, the node meets both targets: what the full node misses them by is the walk over its description.'
			: "Even cut so, the node misses the targets: the rest is each item's expressions, n8n's HTTP stack and garbage " +
				'collection on the one thread, which also keeps answers waiting to be read.')
	);
}

const BACKPRESSURE_WHY =
	'The server sends no Retry-After, so the transport backs off blind, and what a run loses is the time between the end of a ' +
	'blocked window and the retry that gets through ("Late after window end" in section 3). A retry waits between half a step and ' +
	'a step, and the step doubles after each refusal in the same window: the retry that gets through comes up to a whole step ' +
	'after the window ended, and that lost time can push the next pages into the next window. With a 1 s base (the transport ' +
	'when this bench was written) a run starting early in a window lost 1–2 s; with short first steps, what is left comes from the ' +
	'steps late in a window, as long as the cap allows. Against pages that take a few tens of ms here, every 100 ms late counts. ' +
	'What would close it: a lower cap on the step for a 429 without Retry-After (e.g. at most 400 ms, or a flat 100–200 ms), for ' +
	'a few more refused requests per run (they count against the daily quota on the test server, and may on WhatConverts); ' +
	'`maxRetries` must then allow the 4–6 retries a 1 s window takes.';

const MEMORY_WHY =
	'The node\'s process starts larger (n8n-core, n8n-workflow and the package loaded: see "RSS loaded") and holds each lead ' +
	'inside an n8n item; compare "RSS growth" for what the leads themselves cost.';
const REQUESTS_WHY = 'The request counts differ from the target: see the tables below.';
const TRIGGER_WHY = 'The idle poll spends more than one request: see section 4.';
const SHARED_KEY_WHY =
	'Refusals or failures beyond the target: see section 5. Each process halves its window when refused and grows it by one per ' +
	"window of successes (`nodes/WhatConverts/transport/limiter.ts`); more refusals mean the processes' windows overshoot the " +
	"key's 20 more often than they settle.";
