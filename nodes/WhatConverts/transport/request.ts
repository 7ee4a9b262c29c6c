import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import { secondsText } from '../shared/text';
import type { Resource } from '../shared/resources';
import type { ApiAnswer } from './answer';
import { apiMessageOf, headerOf } from './answer';
import type { RequestContext } from './connection';
import { connectionOf, CREDENTIAL_TYPE } from './connection';
import type { RequestSummary } from './errors';
import { errorForAnswer, networkError, notJsonError, quotaError, rateLimitError, refusalsStoppedError, scopeIgnoredError } from './errors';
import { limiterFor, MAX_IN_FLIGHT } from './limiter';
import { countAnswer, isQuotaAnswer, refusalsOf, stopIfRefusedThroughout } from './refusals';
import { scopeContradiction } from './scope';

export interface RetrySettings {
	/** Retries after the first attempt, for answers that may be retried. */
	maxRetries: number;
	/** How long one request may keep retrying, from its first refused or failed attempt. */
	maxWaitMs: number;
	/** The most requests this process sends at once with the credential. */
	maxInFlight: number;
	/** How long one attempt may wait for its answer. */
	timeoutMs: number;
}

// Time bounds the retries: two minutes ride out a long crowding of the key; 50 retries are more than
// the backoff below takes to spend them. WhatConverts answers within a second or two, a page of 2,500
// leads within a few: 30 s without an answer is a server that will not answer.
export const DEFAULT_RETRY: RetrySettings = { maxRetries: 50, maxWaitMs: 120_000, maxInFlight: MAX_IN_FLIGHT, timeoutMs: 30_000 };

/** The one Accept header: every answer but a recording is JSON. */
export const ACCEPT_JSON = { Accept: 'application/json' };

/**
 * A GET of the API as JSON. `beside`: the options of the item's own request, whose settings
 * (n8n's timeout, proxy) a lookup or read-back beside it keeps.
 */
export function jsonGet(url: string, qs: IDataObject = {}, beside?: IHttpRequestOptions): IHttpRequestOptions {
	return { ...beside, method: 'GET', url, qs, body: undefined, encoding: undefined, headers: { ...ACCEPT_JSON } };
}

// A 429 without Retry-After comes from the 20-in-flight limit. A short crowding frees up within moments:
// short steps, capped at 400 ms at first, so a retry lands soon after it ends (see BENCHMARKS.md,
// backpressure). The cap then grows with the time already spent retrying (a quarter of it, at most
// 10 s), so a long crowding by another client of the key costs few refused requests.
// Server errors and lost answers get longer steps: the server needs time to recover.
const REFUSED_BACKOFF = { firstMs: 100, capMs: 400, longestMs: 10_000 };
// They are not a crowding to ride out: a few tries (about 15 s) tell a hiccup from a server that is
// down or a Base URL that is wrong.
const FAILED_BACKOFF = { firstMs: 1_000, capMs: 8_000 };
const MAX_FAILED_RETRIES = 4;

// Only these methods may be re-sent after a server error or a lost answer: a POST may have been
// processed already. A 429 is re-sent for every method: WhatConverts refused it unprocessed.
const SAFE_TO_REPEAT = ['GET', 'DELETE'];

/** Encodes a body as WhatConverts reads forms: nested maps as `additional_fields[Name]=value`. */
function encodeForm(body: IDataObject): string {
	const params = new URLSearchParams();
	const append = (key: string, value: unknown) => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) {
			value.forEach((entry, index) => append(`${key}[${typeof entry === 'object' ? index : ''}]`, entry));
		} else if (typeof value === 'object') {
			for (const [name, entry] of Object.entries(value as IDataObject)) append(`${key}[${name}]`, entry);
		} else {
			params.append(key, String(value));
		}
	};
	for (const [key, value] of Object.entries(body)) append(key, value);
	return params.toString();
}

function isForm(options: IHttpRequestOptions): boolean {
	const headers = (options.headers ?? {}) as IDataObject;
	const type = headerOf(headers, 'Content-Type') ?? '';
	return type.includes('application/x-www-form-urlencoded');
}

function prepare(options: IHttpRequestOptions): IHttpRequestOptions {
	const method = (options.method ?? 'GET').toUpperCase() as IHttpRequestOptions['method'];
	let body = options.body;
	if (method === 'GET' || method === 'DELETE') body = undefined;
	else if (isForm(options) && body && typeof body === 'object') body = encodeForm(body as IDataObject);
	return {
		...options,
		method,
		body,
		json: options.encoding === undefined,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
}

function retryAfterMs(answer: ApiAnswer): number | undefined {
	const value = headerOf(answer.headers, 'retry-after');
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function backoffMs(steps: { firstMs: number; capMs: number }, retry: number): number {
	// Equal jitter: half fixed, half random, so parallel items do not retry in lockstep.
	const step = Math.min(steps.capMs, steps.firstMs * 2 ** retry);
	return Math.round(step / 2 + (Math.random() * step) / 2);
}

function refusedBackoffMs(retry: number, spentMs: number): number {
	const capMs = Math.min(REFUSED_BACKOFF.longestMs, Math.max(REFUSED_BACKOFF.capMs, spentMs / 4));
	return backoffMs({ firstMs: REFUSED_BACKOFF.firstMs, capMs }, retry);
}

const NETWORK_REASONS: Record<string, string> = {
	ECONNRESET: 'the connection was closed before the answer came',
	ECONNREFUSED: 'the connection was refused',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
};

/** Why a request got no answer, in words (n8n rewrites messages that contain raw error codes). */
function networkReason(error: Error & { code?: string; cause?: { code?: string; message?: string } }): string {
	const code = error.cause?.code ?? error.code ?? '';
	const message = error.cause?.message ?? error.message ?? '';
	if (NETWORK_REASONS[code]) return NETWORK_REASONS[code];
	if (/socket hang up/i.test(message)) return NETWORK_REASONS.ECONNRESET;
	if (/timeout/i.test(message)) return NETWORK_REASONS.ETIMEDOUT;
	return 'the connection was lost';
}

/** The attempt's Timeout ran out: the server took the request and did not answer. It is not sent again. */
function isTimeout(failure: (Error & { code?: string; cause?: { code?: string; message?: string } }) | undefined): boolean {
	if (!failure) return false;
	const code = failure.cause?.code ?? failure.code ?? '';
	return code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(failure.cause?.message ?? failure.message ?? '');
}

const timeoutReason = (timeoutMs: number | undefined) =>
	`no answer came within ${secondsText(timeoutMs ?? DEFAULT_RETRY.timeoutMs)} ('Timeout (Seconds)' under 'Rate Limit Handling')`;

/** WhatConverts says the item to delete does not exist: 404, or 400 "Invalid … ID." */
function isGone(answer: ApiAnswer): boolean {
	if (answer.statusCode !== 400 && answer.statusCode !== 404) return false;
	const said = apiMessageOf(answer.body);
	return said === undefined ? answer.statusCode === 404 : /invalid .*\bid\b|not found|does not exist|no such/i.test(said);
}

function isCancelled(error: Error & { code?: string; cause?: { code?: string } }): boolean {
	return (error.cause?.code ?? error.code) === 'ERR_CANCELED';
}

function normaliseAnswer(response: IN8nHttpFullResponse): ApiAnswer {
	return { statusCode: response.statusCode, headers: (response.headers ?? {}) as IDataObject, body: response.body };
}

/**
 * Sends one WhatConverts request: every request of the package goes through here. It keeps the
 * credential's requests in flight within the limiter's window (at most MAX_IN_FLIGHT, fewer while WhatConverts
 * refuses some as too many), gives each attempt its Timeout, retries 429s (Retry-After, never sooner than
 * the backoff's step, with jitter) for up to Max Wait, retries GET and DELETE on 5xx and lost answers,
 * fails fast on a spent daily quota, stops a run whose requests WhatConverts keeps refusing, and turns
 * every failure into an error that carries the API's message and no secret.
 */
export async function sendRequest(
	ctx: RequestContext,
	options: IHttpRequestOptions,
	settings: RetrySettings = DEFAULT_RETRY,
	itemIndex?: number,
	resource?: Resource,
): Promise<ApiAnswer> {
	const connection = await connectionOf(ctx);
	const request = prepare({ ...options, baseURL: options.baseURL ?? connection.baseURL });
	// n8n's own timeout (five minutes unless set under Request Options) when shorter, else the node's
	request.timeout = Math.min(request.timeout ?? Infinity, settings.timeoutMs);
	const summary: RequestSummary = { method: String(request.method), url: request.url, itemIndex, resource };
	const node = nodeOf(ctx);
	const limiter = limiterFor(connection.key);
	const { executionId } = connection;
	const run = refusalsOf(executionId, connection.key);
	const mayRepeat = SAFE_TO_REPEAT.includes(summary.method);
	let retries = 0;
	let retryingSince: number | undefined;
	/** An earlier attempt got no answer or a 5xx: the work may have been done all the same. */
	let lostAnswer: string | undefined;

	// The slot is held through every attempt and every wait between them: a refused request does not
	// let the next queued one out.
	const slot = await limiter.take(settings.maxInFlight);
	try {
		for (;;) {
			// The quota mark is read and set while holding a slot, so requests queued behind the one
			// that met the spent quota send nothing; the same holds for a run stopped by refusals.
			if (executionId && limiter.quotaExhaustedIn === executionId) throw quotaError(node, summary);
			if (run?.stopped) throw refusalsStoppedError(node, summary, run.stopped);
			let answer: ApiAnswer | undefined;
			let failure: Error | undefined;
			try {
				const response = (await limiter.send(slot, () =>
					ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, request, { credentialsDecrypted: connection.credential }),
				)) as IN8nHttpFullResponse;
				answer = normaliseAnswer(response);
			} catch (error) {
				if (error instanceof NodeOperationError) throw new NodeOperationError(node, error);
				if (isCancelled(error as Error)) throw new NodeOperationError(node, 'The execution was cancelled');
				failure = error as Error;
			}
			if (answer && isQuotaAnswer(answer)) {
				if (executionId) limiter.quotaExhaustedIn = executionId;
				throw quotaError(node, summary, apiMessageOf(answer.body));
			}
			if (answer?.statusCode === 429) limiter.refused(slot);
			else if (answer && answer.statusCode < 500) limiter.accepted(settings.maxInFlight);
			// a 5xx says nothing of refusals: it neither counts as one nor ends a streak of them
			if (answer && (answer.statusCode === 429 || answer.statusCode < 500))
				countAnswer(run, answer.statusCode === 429, apiMessageOf(answer.body));
			if (answer?.statusCode === 429) {
				stopIfRefusedThroughout(run, settings.maxWaitMs, apiMessageOf(answer.body));
				if (run?.stopped) throw refusalsStoppedError(node, summary, run.stopped);
			}
			if (answer && answer.statusCode < 300) {
				if (request.json && typeof answer.body === 'string' && answer.body.trim() !== '') {
					throw notJsonError(node, summary, answer);
				}
				const contradiction = scopeContradiction(request.qs as IDataObject | undefined, answer.body, resource);
				if (contradiction) throw scopeIgnoredError(node, summary, contradiction);
				return answer;
			}
			if (lostAnswer && answer && isGone(answer)) {
				// The attempt whose answer was lost did the delete: what was to go is gone.
				return { statusCode: 200, headers: answer.headers, body: {}, goneAfter: { lostAnswer, said: apiMessageOf(answer.body) } };
			}
			if (summary.method === 'DELETE' && (failure || (answer && answer.statusCode >= 500))) {
				lostAnswer = answer ? `answered ${answer.statusCode}` : `got no answer (${networkReason(failure as Error)})`;
			}

			retryingSince ??= Date.now();
			const spentMs = Date.now() - retryingSince;
			const askedMs = answer?.statusCode === 429 ? retryAfterMs(answer) : undefined;
			let waitMs: number | undefined;
			// A Retry-After of 0 or in the past is no reason to hurry: the backoff's step is the floor.
			if (answer?.statusCode === 429) waitMs = Math.max(askedMs ?? 0, refusedBackoffMs(retries, spentMs));
			else if (mayRepeat && !isTimeout(failure) && (failure || (answer && answer.statusCode >= 500)))
				waitMs = backoffMs(FAILED_BACKOFF, retries);

			const outOfRetries =
				retries >= (answer?.statusCode === 429 ? settings.maxRetries : Math.min(settings.maxRetries, MAX_FAILED_RETRIES));
			if (waitMs === undefined || outOfRetries || spentMs + waitMs > settings.maxWaitMs) {
				if (answer?.statusCode === 429) {
					throw rateLimitError(node, summary, answer, {
						attempts: retries + 1,
						spentMs,
						inFlight: limiter.window,
						stoppedBy: outOfRetries ? 'retries' : 'time',
						askedMs,
						settings,
					});
				}
				if (answer) throw errorForAnswer(node, summary, answer);
				const reason = isTimeout(failure) ? timeoutReason(request.timeout) : networkReason(failure as Error);
				throw networkError(node, summary, reason, retries);
			}
			await sleep(waitMs);
			// The window may have shrunk meanwhile: the retry then waits for room, ahead of new requests.
			await limiter.again();
			retries++;
		}
	} finally {
		// A queued request takes the slot at once. n8n opens a new connection for it and writes it once
		// connected, on the event loop's next turn: this item's output, and the build of another item's
		// request that follows it, wait until then instead of holding that request back.
		if (limiter.release()) await afterNextTurn();
	}
}

/**
 * Resolves after the event loop's next turn has handled its I/O: the first sleep ends in that turn's
 * timers at the earliest, and the second, set then, only in a later turn.
 */
async function afterNextTurn(): Promise<void> {
	await sleep(0);
	await sleep(0);
}
