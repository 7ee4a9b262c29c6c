import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Resource } from '../shared/resources';
import { API_ROOT, DAILY_QUOTA, RESOURCES } from '../shared/resources';
import { capitalised, formatCount, secondsText } from '../shared/text';
import type { ApiAnswer } from './answer';
import { apiMessageOf, bodyText, headerOf } from './answer';
import { MAX_IN_FLIGHT } from './limiter';
import type { RunRefusals } from './refusals';
import { RUN_REFUSALS } from './refusals';

export interface RequestSummary {
	method: string;
	url: string;
	itemIndex?: number;
	/** the resource the request reaches, from the resource table */
	resource?: Resource;
}

/** The API refused the key: 401 or 403, as a profile key on a master-key resource gets. */
export function isRefusedKey(error: unknown): boolean {
	const httpCode = String((error as { httpCode?: unknown }).httpCode ?? '');
	return httpCode === '401' || httpCode === '403';
}

function isHtml(answer: ApiAnswer): boolean {
	const type = headerOf(answer.headers, 'content-type') ?? '';
	return type.includes('html') || /^\s*<(!doctype|html)/i.test(bodyText(answer.body));
}

function describePath(request: RequestSummary): string {
	return `${request.method} ${request.url.split('?')[0]}`;
}

/** "00:00 UTC, in 5 h 12 min": when a daily quota resets. */
export function quotaResetText(now = Date.now()): string {
	const nextMidnight = new Date(now);
	nextMidnight.setUTCHours(24, 0, 0, 0);
	const minutes = Math.ceil((nextMidnight.getTime() - now) / 60000);
	const hours = Math.floor(minutes / 60);
	return `00:00 UTC, in ${hours ? `${hours} h ` : ''}${minutes % 60} min`;
}

function apiError(
	node: INode,
	request: RequestSummary,
	httpCode: number | string,
	message: string,
	description: string,
	apiMessage?: string,
): NodeApiError {
	// A plain, hand-made cause: the HTTP client's error carries the Authorization header.
	const cause: JsonObject = { message, httpCode: String(httpCode), request: describePath(request) };
	if (apiMessage) cause.error_message = apiMessage;
	return new NodeApiError(node, cause, {
		message,
		description,
		httpCode: String(httpCode),
		itemIndex: request.itemIndex,
	});
}

export function quotaError(node: INode, request: RequestSummary, apiMessage?: string): NodeApiError {
	return apiError(
		node,
		request,
		429,
		`WhatConverts daily request quota is used up: it resets at ${quotaResetText()}`,
		`A profile API key allows ${formatCount(DAILY_QUOTA.profile)} requests a day and a master (agency) key ${formatCount(DAILY_QUOTA.master)}. ` +
			'Wait for the reset, run scheduled flows less often, or use a master key. ' +
			(apiMessage ? `WhatConverts said: "${apiMessage}"` : ''),
		apiMessage,
	);
}

/** What the transport tried before it gave up on a request WhatConverts kept refusing. */
export interface RetryReport {
	/** Times the request was sent. */
	attempts: number;
	/** From the first refusal to giving up. */
	spentMs: number;
	/** The requests this process let out at once with the key when it gave up. */
	inFlight: number;
	/** The setting that ended the retries. */
	stoppedBy: 'retries' | 'time';
	/** The wait WhatConverts asked for (Retry-After). */
	askedMs?: number;
	settings: { maxRetries: number; maxWaitMs: number };
}

export function rateLimitError(node: INode, request: RequestSummary, answer: ApiAnswer, tried: RetryReport): NodeApiError {
	const apiMessage = apiMessageOf(answer.body);
	const { maxRetries, maxWaitMs } = tried.settings;
	const sent =
		tried.attempts === 1
			? 'It was sent once'
			: `It was sent ${tried.attempts} times over ${secondsText(tried.spentMs)}, waiting longer after each refusal, while this n8n ` +
				`process lowered its own requests in flight with the key to ${tried.inFlight}`;
	const stop =
		tried.stoppedBy === 'retries'
			? `'Max Retries' (${maxRetries}) ran out`
			: tried.askedMs !== undefined && tried.askedMs > maxWaitMs - tried.spentMs
				? `WhatConverts asked to wait ${secondsText(tried.askedMs)} (Retry-After), beyond 'Max Wait (Seconds)' (${secondsText(maxWaitMs)})`
				: `'Max Wait (Seconds)' (${secondsText(maxWaitMs)}) ran out`;
	return apiError(
		node,
		request,
		429,
		tried.attempts === 1
			? 'WhatConverts refused the request as too many (429)'
			: `WhatConverts kept refusing requests as too many (429): sent ${tried.attempts} times over ${secondsText(tried.spentMs)}`,
		`WhatConverts allows ${MAX_IN_FLIGHT} requests at once per API key, and something else seems to be using this key at the same time ` +
			`(another workflow, another n8n worker or instance, another app). ${sent}; then ${stop}. ` +
			"Raise 'Max Wait (Seconds)' or 'Max Retries' under 'Rate Limit Handling', lower 'Max Requests In Flight' in the workflows that share " +
			`the key (with N n8n workers, ${MAX_IN_FLIGHT}/N each), or run them at different times. ` +
			`A spent daily quota (${formatCount(DAILY_QUOTA.profile)} requests for a profile key, ${formatCount(DAILY_QUOTA.master)} for a master key) would stop at once with its own message; ` +
			`it resets at ${quotaResetText()}.` +
			(apiMessage ? ` WhatConverts said: "${apiMessage}"` : ''),
		apiMessage,
	);
}

export function networkError(node: INode, request: RequestSummary, reason: string, retries: number): NodeApiError {
	return apiError(
		node,
		request,
		'none',
		`Could not get an answer from WhatConverts for ${describePath(request)}: ${reason}`,
		(retries ? `Tried ${retries + 1} times. ` : '') +
			"Check 'Base URL' in the credential and the network; a create or edit that lost its answer is not re-sent, " +
			'so look in WhatConverts whether it went through before running it again.',
	);
}

export function notJsonError(node: INode, request: RequestSummary, answer: ApiAnswer): NodeApiError {
	const type = headerOf(answer.headers, 'content-type') ?? 'no content type';
	const start = bodyText(answer.body).replace(/\s+/g, ' ').trim().slice(0, 120);
	return apiError(
		node,
		request,
		answer.statusCode,
		`WhatConverts answered ${describePath(request)} with something that is not JSON (${type})`,
		`The answer began: "${start}". Check 'Base URL' in the credential; a proxy or a login page may be answering instead of the API.`,
	);
}

/** "accounts, profiles, roles and users": the resources one kind of key reaches. */
function pluralsOf(key: Resource['key']): string {
	const plurals = Object.values(RESOURCES as Record<string, Resource>)
		.filter((resource) => resource.key === key)
		.map((resource) => resource.plural);
	return `${plurals.slice(0, -1).join(', ')} and ${plurals[plurals.length - 1]}`;
}

/** A field of the API as the node names it: profile_id is 'Profile', date_created 'Date Created'. */
function parameterOf(field: string): string {
	return field
		.replace(/_id$/, '')
		.split('_')
		.map((word) => capitalised(word))
		.join(' ');
}

// What to do about the field a refusal names, when there is more to say than "check it".
const FIELD_HINTS: Array<[RegExp, string]> = [
	[
		/\bprofile_id\b.*\bmaster\b|\bmaster\b.*\bprofile_id\b/i,
		"A master (agency) key reaches every profile, so WhatConverts needs to know which one: pick the 'Profile' (or map its ID), or use that profile's own API key.",
	],
	[
		/\b(account_id|profile_id)\b.*\bprofile API key\b/i,
		"A profile API key reaches only its own profile: leave 'Account' and 'Profile' empty, or use a master (agency) key.",
	],
	[
		/\b(start_date|end_date)\b/i,
		"Check 'Start Date' and 'End Date': ISO 8601 dates in UTC, the end not before the start, within the range WhatConverts allows.",
	],
	[/\bdate_created\b/i, "Check 'Date Created': an ISO 8601 date-time in UTC, e.g. 2025-05-02T14:30:00Z."],
	[
		/\bemail\b.*\balready exists\b|\balready exists\b.*\bemail\b/i,
		'A user with this email address exists already: update that user, or give another email address.',
	],
	[/\brole\b/i, "Pick a 'Role' of the user's kind: a master account role for a master account user, an account role for an account user."],
];

/**
 * What to do after a refusal (400, 404, 422), from the field WhatConverts names: its own words for the
 * fields that need them, else the field named by its parameter; an unknown ID only when the message is
 * about an ID (or nothing was said on a 404).
 */
export function refusalHint(apiMessage: string | undefined, statusCode: number, resource?: Resource): string {
	const said = apiMessage ?? '';
	const known = FIELD_HINTS.find(([pattern]) => pattern.test(said));
	if (known) return known[1];
	// "Invalid lead ID.", "Lead not found.": an object of the API, not a field of the request
	const unknown = /^invalid (\w+) id\b|^(\w+) not found\b/i.exec(said);
	if (unknown || (statusCode === 404 && !said)) {
		const what = (unknown?.[1] ?? unknown?.[2])?.toLowerCase();
		const label = !what || resource?.id?.label.toLowerCase().startsWith(what) ? (resource?.id?.label ?? 'ID') : `${capitalised(what)} ID`;
		return `Check that the ${label} exists and that this API key can reach its profile.`;
	}
	// a field in the API's own name: "lead_type is required.", "Invalid quotable: 'maybe'."
	const field = /^(?:invalid )?([a-z_]+)\b(?=:| is required)/i.exec(said)?.[1]?.toLowerCase() ?? /\b[a-z]+(?:_[a-z]+)+\b/.exec(said)?.[0];
	if (field && !/^invalid$/i.test(field)) {
		return `Check '${parameterOf(field)}' (WhatConverts calls it ${field}): WhatConverts says what it takes in the message.`;
	}
	return 'Check the fields named in the message against what WhatConverts accepts.';
}

/** Maps an answer that is not a success (and is not retried) to a NodeApiError that says what to do. */
export function errorForAnswer(node: INode, request: RequestSummary, answer: ApiAnswer): NodeApiError {
	const { statusCode } = answer;
	const apiMessage = apiMessageOf(answer.body);
	const said = apiMessage ? `: ${apiMessage}` : '';
	const { resource } = request;
	if ((statusCode === 401 || statusCode === 403) && resource?.key === 'master') {
		return apiError(
			node,
			request,
			statusCode,
			`This needs a master (agency) API key: WhatConverts refused ${describePath(request)}${said}`,
			`${capitalised(pluralsOf('master'))} can only be reached with a master (agency) API key, ` +
				`made in WhatConverts under Agency → Integrations → API Keys. A profile key reaches only ${pluralsOf('any')}. ` +
				'If this is a master key, check its token and secret.',
			apiMessage,
		);
	}
	if (statusCode === 401) {
		return apiError(
			node,
			request,
			statusCode,
			`WhatConverts rejected the API token or secret${said}`,
			'Copy the API token and secret again from WhatConverts (Integrations → API Keys) into the WhatConverts credential.',
			apiMessage,
		);
	}
	if (statusCode === 403) {
		return apiError(
			node,
			request,
			statusCode,
			`WhatConverts does not allow this key to ${describePath(request)}${said}`,
			'Check that the key belongs to the account or profile you are reaching.',
			apiMessage,
		);
	}
	if (statusCode === 404 && isHtml(answer)) {
		return apiError(
			node,
			request,
			statusCode,
			`WhatConverts has no such path: ${describePath(request)}`,
			`Check 'Base URL' in the credential: it should be ${API_ROOT}.`,
		);
	}
	if (statusCode === 400 || statusCode === 404 || statusCode === 422) {
		return apiError(
			node,
			request,
			statusCode,
			`WhatConverts refused the request${said || ` (${statusCode})`}`,
			refusalHint(apiMessage, statusCode, resource),
			apiMessage,
		);
	}
	if (statusCode >= 500) {
		return apiError(
			node,
			request,
			statusCode,
			`WhatConverts could not answer (HTTP ${statusCode})${said}`,
			request.method === 'POST'
				? 'A create or edit is not sent again after such an answer: check in WhatConverts whether it went through before running it again.'
				: 'It was retried and WhatConverts still did not answer; try again later.',
			apiMessage,
		);
	}
	return apiError(
		node,
		request,
		statusCode,
		`WhatConverts answered ${statusCode}${said}`,
		'See the WhatConverts API documentation for this status.',
		apiMessage,
	);
}

export function unexpectedAnswerError(node: INode, request: RequestSummary, expected: string): NodeApiError {
	return apiError(
		node,
		request,
		'none',
		`WhatConverts answered ${describePath(request)} without ${expected}`,
		'The API may have changed; please report this to the n8n-nodes-whatconverts maintainers.',
	);
}

/** The run's requests with this key were stopped: WhatConverts kept refusing them (see refusals.ts). */
export function refusalsStoppedError(node: INode, request: RequestSummary, stopped: RunRefusals['stopped'] & object): NodeApiError {
	const said = stopped.apiMessage ? ` WhatConverts said: "${stopped.apiMessage}"` : '';
	const since = new Date(stopped.since).toISOString().slice(11, 19);
	const why =
		stopped.reason === 'budget'
			? `WhatConverts refused ${formatCount(stopped.refused)} requests of this run as too many (429). A run sends at most ` +
				`${RUN_REFUSALS.base} refused requests, plus one for every ${1 / RUN_REFUSALS.perAccepted} accepted, since WhatConverts may count each one against the key's daily quota.`
			: `Since ${since} UTC, for ${secondsText(stopped.at - stopped.since)}, WhatConverts has answered every request of this run with 429 ` +
				"and accepted none: as long as 'Max Wait (Seconds)' lets one request wait, or longer.";
	return apiError(
		node,
		request,
		429,
		'WhatConverts keeps refusing this API key (429): the rest of this run is not sent',
		`${why} The items left are not sent, to save the key's daily quota (${formatCount(DAILY_QUOTA.profile)} requests for a profile key, ` +
			`${formatCount(DAILY_QUOTA.master)} for a master key; it resets at ${quotaResetText()}). Check the key's use in WhatConverts and whether ` +
			"another workflow, n8n worker or app uses the same key, then run the workflow again later, or lower 'Max Requests In Flight'." +
			said,
		stopped.apiMessage,
	);
}

/**
 * A list WhatConverts answered with items of another account or profile than its filter asked for:
 * it ignores these filters for a profile key instead of refusing them.
 */
export function scopeIgnoredError(
	node: INode,
	request: RequestSummary,
	filter: { field: string; asked: unknown; answered: unknown },
): NodeApiError {
	const name = filter.field === 'account_id' ? 'Account' : 'Profile';
	const plural = request.resource?.plural ?? 'items';
	return apiError(
		node,
		request,
		'none',
		`WhatConverts answered the ${name} filter ${String(filter.asked)} with ${plural} of ${filter.field} ${String(filter.answered)}: this API key reaches only its own profile`,
		`A profile API key reaches only the ${plural} of the profile it was made in, and WhatConverts ignores the 'Account' and 'Profile' filters ` +
			`for it instead of refusing them, so these ${plural} are not the ones asked for. Remove the 'Account' and 'Profile' filters to read this ` +
			"key's own profile, or use a master (agency) API key, made in WhatConverts under Agency → Integrations → API Keys, to read another one.",
	);
}
