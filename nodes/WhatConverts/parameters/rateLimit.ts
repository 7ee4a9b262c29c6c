import type { RetrySettings } from '../transport';
import { DEFAULT_RETRY, MAX_IN_FLIGHT } from '../transport';
import type { ParameterSource } from './check';
import { checkSettings } from './check';
import { countField } from './builders';
import { group } from './types';

/** How the transport copes with WhatConverts' rate limits; shown on every operation and the polling trigger. */
export const RATE_LIMIT_HANDLING = group(
	{
		displayName: 'Rate Limit Handling',
		name: 'rateLimitHandling',
		placeholder: 'Add Option',
		description: `WhatConverts allows ${MAX_IN_FLIGHT} requests in flight per API key and answers 429 beyond that or when the daily quota is spent. Refused requests wait and are retried (honouring Retry-After), and the node sends fewer at once until WhatConverts accepts them again; a spent daily quota stops the request at once.`,
	},
	[
		countField(
			'Max Requests In Flight',
			'maxInFlight',
			DEFAULT_RETRY.maxInFlight,
			{ minValue: 1, maxValue: MAX_IN_FLIGHT },
			{
				description: `The most requests this n8n process sends at once with this credential. WhatConverts allows ${MAX_IN_FLIGHT} per API key in all. In queue mode every worker has its own: with N workers set ${MAX_IN_FLIGHT}/N, or leave ${MAX_IN_FLIGHT} and let the node adapt (it halves its share when WhatConverts refuses a request as too many, and grows it back slowly).`,
			},
		),
		countField(
			'Max Retries',
			'maxRetries',
			DEFAULT_RETRY.maxRetries,
			{ minValue: 0, maxValue: 200 },
			{
				description:
					"The most times one request is retried after a 429, or (reads and deletes only) a 5xx answer or a lost answer. 'Max Wait (Seconds)' usually ends the retries first.",
			},
		),
		countField(
			'Max Wait (Seconds)',
			'maxWaitSeconds',
			DEFAULT_RETRY.maxWaitMs / 1000,
			{ minValue: 0, maxValue: 3600 },
			{
				description:
					'How long one request may keep retrying, from its first refused or unanswered attempt. The default rides out another workflow or app using the same key for a while.',
			},
		),
		countField(
			'Timeout (Seconds)',
			'timeoutSeconds',
			DEFAULT_RETRY.timeoutMs / 1000,
			{ minValue: 1, maxValue: 300 },
			{
				description:
					'How long one attempt waits for WhatConverts to answer. A request that gets no answer in this time is not sent again: a server that takes requests and never answers stops the item after about this long.',
			},
		),
	],
);

export const rateLimitHandling = RATE_LIMIT_HANDLING.property;

/** The user's "Rate Limit Handling", checked, with the defaults for what is unset. */
export function retrySettingsOf(ctx: ParameterSource, itemIndex?: number): RetrySettings {
	const chosen = checkSettings(ctx, [RATE_LIMIT_HANDLING], itemIndex);
	return {
		maxRetries: chosen.maxRetries,
		maxWaitMs: chosen.maxWaitSeconds * 1000,
		maxInFlight: chosen.maxInFlight,
		timeoutMs: chosen.timeoutSeconds * 1000,
	};
}
