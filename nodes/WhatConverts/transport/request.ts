import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiAnswer, RequestSummary } from './errors';
import {
	errorForAnswer,
	headerOf,
	isQuotaAnswer,
	apiMessageOf,
	networkError,
	notJsonError,
	quotaError,
	rateLimitError,
} from './errors';
import type { Resource } from '../shared/resources';
import { connectionOf, CREDENTIAL_TYPE } from './connection';
import { limiterFor } from './limiter';

export { CREDENTIAL_TYPE };

export type RequestContext =
	| IExecuteSingleFunctions
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IHookFunctions;

export interface RetrySettings {
	/** Retries after the first attempt, for answers that may be retried. */
	maxRetries: number;
	/** Total time one request may spend waiting between attempts. */
	maxWaitMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 8, maxWaitMs: 60_000 };

/** The user's "Rate Limit Handling" collection as retry settings, with the defaults for what is unset. */
export function retrySettingsFrom(rateLimitHandling: IDataObject): RetrySettings {
	return {
		maxRetries: Number(rateLimitHandling.maxRetries ?? DEFAULT_RETRY.maxRetries),
		maxWaitMs: Number(rateLimitHandling.maxWaitSeconds ?? DEFAULT_RETRY.maxWaitMs / 1000) * 1000,
	};
}

// A 429 without Retry-After comes from the 20-in-flight limit, which frees up within moments: short
// steps, capped, so a retry lands soon after the block ends (see BENCHMARKS.md, backpressure).
// Server errors and lost answers get longer steps: the server needs time to recover.
const REFUSED_BACKOFF = { firstMs: 100, capMs: 400 };
const FAILED_BACKOFF = { firstMs: 1_000, capMs: 8_000 };

// Only these methods may be re-sent after a server error or a lost answer: a POST may have been
// processed already. A 429 is re-sent for every method: WhatConverts refused it unprocessed.
const SAFE_TO_REPEAT = ['GET', 'DELETE'];

const QUOTA_SPENT = Symbol('daily quota spent');

/** Encodes a body as WhatConverts reads forms: nested maps as `additional_fields[Name]=value`. */
export function encodeForm(body: IDataObject): string {
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
	return 'the connection failed';
}

function isCancelled(error: Error & { code?: string; cause?: { code?: string } }): boolean {
	return (error.cause?.code ?? error.code) === 'ERR_CANCELED';
}

function normaliseAnswer(response: IN8nHttpFullResponse): ApiAnswer {
	return { statusCode: response.statusCode, headers: (response.headers ?? {}) as IDataObject, body: response.body };
}

/**
 * Sends one WhatConverts request: every request of the package goes through here. It keeps at most
 * 20 in flight per credential, retries 429s (Retry-After first, else short exponential steps with jitter),
 * retries GET and DELETE on 5xx and lost answers, fails fast on a spent daily quota, and turns every
 * failure into an error that carries the API's message and no secret.
 */
export async function whatConvertsRequest(
	ctx: RequestContext,
	options: IHttpRequestOptions,
	settings: RetrySettings = DEFAULT_RETRY,
	itemIndex?: number,
	resource?: Resource,
): Promise<ApiAnswer> {
	const connection = await connectionOf(ctx);
	const request = prepare({ ...options, baseURL: options.baseURL ?? connection.baseURL });
	const summary: RequestSummary = { method: String(request.method), url: request.url, itemIndex, resource };
	const node = ctx.getNode();
	const limiter = limiterFor(connection.key);
	const { executionId } = connection;
	const mayRepeat = SAFE_TO_REPEAT.includes(summary.method);
	let retries = 0;
	let waitedMs = 0;

	// The quota mark is set and read while holding a slot, so items queued behind the request that
	// met the spent quota send nothing.
	const send = async () => {
		if (executionId && limiter.quotaExhaustedIn === executionId) return QUOTA_SPENT;
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, request, {
			credentialsDecrypted: connection.credential,
		})) as IN8nHttpFullResponse;
		if (executionId && isQuotaAnswer(normaliseAnswer(response))) limiter.quotaExhaustedIn = executionId;
		return response;
	};

	for (;;) {
		let answer: ApiAnswer | undefined;
		let failure: Error | undefined;
		let response: IN8nHttpFullResponse | typeof QUOTA_SPENT | undefined;
		try {
			response = await limiter.run(send);
		} catch (error) {
			if (error instanceof NodeOperationError) throw new NodeOperationError(node, error);
			if (isCancelled(error as Error)) throw new NodeOperationError(node, 'The execution was cancelled');
			failure = error as Error;
		}
		if (response === QUOTA_SPENT) throw quotaError(node, summary);
		if (response) answer = normaliseAnswer(response);

		let waitMs: number | undefined;
		if (answer && answer.statusCode < 300) {
			if (request.json && typeof answer.body === 'string' && answer.body.trim() !== '') {
				throw notJsonError(node, summary, answer);
			}
			return answer;
		}
		if (answer && isQuotaAnswer(answer)) throw quotaError(node, summary, apiMessageOf(answer.body));
		if (answer?.statusCode === 429) {
			waitMs = retryAfterMs(answer) ?? backoffMs(REFUSED_BACKOFF, retries);
		} else if (mayRepeat && (failure || (answer && answer.statusCode >= 500))) {
			waitMs = backoffMs(FAILED_BACKOFF, retries);
		}

		const giveUp = waitMs === undefined || retries >= settings.maxRetries || waitedMs + waitMs > settings.maxWaitMs;
		if (giveUp) {
			if (answer?.statusCode === 429) throw rateLimitError(node, summary, answer, retries, waitedMs);
			if (answer) throw errorForAnswer(node, summary, answer);
			throw networkError(node, summary, networkReason(failure as Error), retries);
		}
		await sleep(waitMs as number);
		waitedMs += waitMs as number;
		retries++;
	}
}
