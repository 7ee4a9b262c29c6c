import { createHash } from 'crypto';
import type { IDataObject, IPollFunctions, JsonObject, TriggerTime } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, toCronExpression } from 'n8n-workflow';

import type { KeyKind } from '../WhatConverts/shared/resources';
import { DAILY_QUOTA, RESOURCES } from '../WhatConverts/shared/resources';
import { isRefusedKey } from '../WhatConverts/transport/errors';
import { CREDENTIAL_TYPE, whatConvertsRequest } from '../WhatConverts/transport/request';
import { retrySettingsOf } from './read';

/** What the node keeps in its static data about the quota check. */
export interface QuotaMemory {
	/** Fingerprint of the schedule, event and key that passed the check: no need to check again. */
	checked?: string;
	/** The key's kind, and the fingerprint of the key it was found for. */
	kind?: KeyKind;
	kindOf?: string;
}

const fingerprint = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const count = (n: number) => n.toLocaleString('en-US');

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

/** The most polls n8n makes in one day with these poll times (n8n's own cron for each entry). */
export function pollsPerDay(pollTimes: IDataObject): number | undefined {
	let polls = 0;
	for (const item of (pollTimes.item ?? []) as TriggerTime[]) {
		const firings = firingsPerDay(toCronExpression(item));
		if (firings === undefined) return undefined;
		polls += firings;
	}
	return polls;
}

/** The shortest "every N minutes/hours" whose polls cost at most `quota` requests a day. */
function fittingInterval(perPoll: number, quota: number): string {
	for (let minutes = 2; minutes < 60; minutes++) {
		const polls = 24 * Math.ceil(60 / minutes);
		if (polls * perPoll <= quota) return `every ${minutes} minutes (${count(polls * perPoll)} requests a day)`;
	}
	for (let hours = 1; hours <= 24; hours++) {
		const polls = Math.ceil(24 / hours);
		if (polls * perPoll <= quota) return `every ${hours === 1 ? 'hour' : `${hours} hours`} (${count(polls * perPoll)} requests a day)`;
	}
	return 'once a day';
}

/** "Poll every 2 minutes or less often, or use a master key": the ways out, as one sentence. */
function remedies(interval: string, ...others: Array<string | undefined>): string {
	const ways = [`poll ${interval} or less often`, ...others.filter((way): way is string => !!way)];
	const text = ways.length > 1 ? `${ways.slice(0, -1).join(', ')}, or ${ways[ways.length - 1]}` : ways[0];
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Whether the key is a master (agency) key: only those may list accounts. Asked once per key (one
 * request) and remembered; called after a lead read has shown the key itself is valid.
 */
async function keyKind(ctx: IPollFunctions, memory: QuotaMemory, keyPrint: string): Promise<KeyKind> {
	if (memory.kind && memory.kindOf === keyPrint) return memory.kind;
	let kind: KeyKind = 'master';
	try {
		const { account } = RESOURCES;
		const options = {
			method: 'GET' as const,
			url: account.list,
			qs: { [account.pageSize?.parameter ?? 'accounts_per_page']: 1 },
			headers: { Accept: 'application/json' },
		};
		await whatConvertsRequest(ctx, options, retrySettingsOf(ctx), undefined, account);
	} catch (error) {
		// Anything else is the transport's error already (NodeApiError or NodeOperationError): passed on.
		if (error instanceof NodeOperationError) throw new NodeOperationError(ctx.getNode(), error);
		if (!isRefusedKey(error)) throw new NodeApiError(ctx.getNode(), error as JsonObject);
		kind = 'profile';
	}
	memory.kind = kind;
	memory.kindOf = keyPrint;
	return kind;
}

/**
 * Refuses a schedule that alone would spend more than the key's daily quota: n8n polls once when
 * the workflow is activated, so activation fails with this error. `perPoll` is what a poll with
 * nothing new costs now; `explain` says why, in a sentence. Checked once for each setting of the
 * node and key (what passed is remembered in `memory`); a custom cron this cannot count is not checked.
 */
export async function checkDailyQuota(
	ctx: IPollFunctions,
	memory: QuotaMemory,
	perPoll: number,
	explain: string,
	remedy?: string,
): Promise<void> {
	const pollTimes = ctx.getNodeParameter('pollTimes', {}) as IDataObject;
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
	const keyPrint = fingerprint([credentials.baseUrl, credentials.apiToken]);
	// Any edit of the node, or another key, asks again; a bigger window later does not.
	const checked = fingerprint([ctx.getNode().parameters, keyPrint]);
	if (memory.checked === checked) return;
	const polls = pollsPerDay(pollTimes);
	const cost = (polls ?? 0) * perPoll;
	if (polls !== undefined && cost > DAILY_QUOTA.profile) {
		const kind = cost > DAILY_QUOTA.master ? undefined : await keyKind(ctx, memory, keyPrint);
		if (kind !== 'master') {
			const quota = DAILY_QUOTA[kind ?? 'master'];
			const key = kind ? 'this profile key allows' : 'even a master (agency) key allows';
			const runsOut = Math.round((quota / cost) * 24 * 60);
			const at = `${String(Math.floor(runsOut / 60)).padStart(2, '0')}:${String(runsOut % 60).padStart(2, '0')}`;
			throw new NodeOperationError(
				ctx.getNode(),
				`This schedule costs ${count(cost)} WhatConverts requests a day: more than the ${count(quota)} ${key}`,
				{
					description:
						`${explain} n8n polls ${count(polls)} times a day on this schedule. The key would run out by about ${at} UTC ` +
						'every day, and every workflow using it would fail until the quota resets at 00:00 UTC. ' +
						`${remedies(fittingInterval(perPoll, quota), remedy, kind && `use a master (agency) key (${count(DAILY_QUOTA.master)} requests a day)`)}.`,
				},
			);
		}
	}
	memory.checked = checked;
}
