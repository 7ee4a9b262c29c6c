import { createHash } from 'crypto';
import type { IDataObject, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import type { KeyKind } from '../shared/resources';
import { DAILY_QUOTA, RESOURCES } from '../shared/resources';
import { capitalised, formatCount } from '../shared/text';
import type { RetrySettings } from '../transport';
import { credentialKey, isRefusedKey, jsonGet, sendRequest } from '../transport';
import { pollsEvery, pollsPerDay } from './schedule';

/**
 * The polling trigger's quota policy: a schedule that alone would spend more than the key's daily
 * quota is refused at activation, with the schedule that would fit.
 */

/** What the node keeps in its static data about the quota check. */
export interface QuotaMemory {
	/** Fingerprint of the schedule, event and key that passed the check: no need to check again. */
	checked?: string;
	/** The key's kind, and the fingerprint of the credential it was found for. */
	kind?: KeyKind;
	kindOf?: string;
}

/** The quota memory kept in the node's static data (anything else there is ignored). */
export function quotaMemoryIn(value: unknown): QuotaMemory {
	const kept = (value ?? {}) as IDataObject;
	const text = (key: string) => {
		const value = kept[key];
		return typeof value === 'string' ? value : undefined;
	};
	const kind = text('kind');
	return {
		...(text('checked') === undefined ? {} : { checked: text('checked') }),
		...(kind === 'profile' || kind === 'master' ? { kind } : {}),
		...(text('kindOf') === undefined ? {} : { kindOf: text('kindOf') }),
	};
}

const fingerprint = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/** The shortest "every N minutes/hours" whose polls cost at most `quota` requests a day. */
export function fittingInterval(perPoll: number, quota: number): string {
	for (let minutes = 2; minutes < 60; minutes++) {
		const cost = pollsEvery(minutes) * perPoll;
		if (cost <= quota) return `every ${minutes} minutes (${formatCount(cost)} requests a day)`;
	}
	for (let hours = 1; hours <= 24; hours++) {
		const cost = pollsEvery(hours * 60) * perPoll;
		if (cost <= quota) return `every ${hours === 1 ? 'hour' : `${hours} hours`} (${formatCount(cost)} requests a day)`;
	}
	return 'once a day';
}

/** "Poll every 2 minutes or less often, or use a master key": the ways out, as one sentence. */
function remedies(interval: string, ...others: Array<string | undefined>): string {
	const ways = [`poll ${interval} or less often`, ...others.filter((way): way is string => !!way)];
	return capitalised(ways.length > 1 ? `${ways.slice(0, -1).join(', ')}, or ${ways[ways.length - 1]}` : ways[0]);
}

/**
 * Whether the key is a master (agency) key: only those may list accounts. Asked once per key (one
 * request) and remembered; called after a lead read has shown the key itself is valid.
 */
async function keyKind(ctx: IPollFunctions, memory: QuotaMemory, keyPrint: string, retry: RetrySettings): Promise<KeyKind> {
	if (memory.kind && memory.kindOf === keyPrint) return memory.kind;
	let kind: KeyKind = 'master';
	try {
		const { account } = RESOURCES;
		const oneAccount = jsonGet(account.list, { [account.pageSize?.parameter ?? 'accounts_per_page']: 1 });
		await sendRequest(ctx, oneAccount, retry, undefined, account);
	} catch (error) {
		// Anything else is the transport's error already (NodeApiError or NodeOperationError): passed on.
		if (error instanceof NodeOperationError) throw new NodeOperationError(nodeOf(ctx), error);
		if (!isRefusedKey(error)) throw new NodeApiError(nodeOf(ctx), error as JsonObject);
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
 * node and credential (what passed is remembered in `memory`); a custom cron this cannot count is
 * not checked. The credential is told by the key the transport limits it by (its id), never read here.
 */
export async function checkDailyQuota(
	ctx: IPollFunctions,
	memory: QuotaMemory,
	retry: RetrySettings,
	perPoll: number,
	explain: string,
	remedy?: string,
): Promise<void> {
	const node = nodeOf(ctx);
	const keyPrint = fingerprint(credentialKey(ctx));
	// Any edit of the node, or another credential, asks again; a bigger window later does not.
	const checked = fingerprint([node.parameters, keyPrint]);
	if (memory.checked === checked) return;
	const polls = pollsPerDay(ctx.getNodeParameter('pollTimes', {}));
	const cost = (polls ?? 0) * perPoll;
	if (polls !== undefined && cost > DAILY_QUOTA.profile) {
		const kind = cost > DAILY_QUOTA.master ? undefined : await keyKind(ctx, memory, keyPrint, retry);
		if (kind !== 'master') {
			const quota = DAILY_QUOTA[kind ?? 'master'];
			const key = kind ? 'this profile key allows' : 'even a master (agency) key allows';
			const runsOut = Math.round((quota / cost) * 24 * 60);
			const at = `${String(Math.floor(runsOut / 60)).padStart(2, '0')}:${String(runsOut % 60).padStart(2, '0')}`;
			const masterKey = kind && `use a master (agency) key (${formatCount(DAILY_QUOTA.master)} requests a day)`;
			throw new NodeOperationError(
				node,
				`This schedule costs ${formatCount(cost)} WhatConverts requests a day: more than the ${formatCount(quota)} ${key}`,
				{
					description:
						`${explain} n8n polls ${formatCount(polls)} times a day on this schedule. The key would run out by about ${at} UTC ` +
						'every day, and every workflow using it would be refused until the quota resets at 00:00 UTC. ' +
						`${remedies(fittingInterval(perPoll, quota), remedy, masterKey)}.`,
				},
			);
		}
	}
	memory.checked = checked;
}
