import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchAccounts, searchProfiles } from './methods/listSearch';
import { normaliseMaps } from './output/normalise';
import { countField, enumField } from './parameters/builders';
import { checkSettings } from './parameters/check';
import { lookBackDaysField } from './parameters/filters';
import { rateLimitHandling, retrySettingsOf } from './parameters/rateLimit';
import { group } from './parameters/types';
import { DAILY_QUOTA, largestPage, RESOURCES } from './shared/resources';
import { nodeIdentity, nodeOf } from './shared/node';
import { formatCount } from './shared/text';
import type { RetrySettings } from './transport';
import { CREDENTIAL_TYPE } from './transport';
import { onlyWhenFieldsChange, UpdatedLeadChanges } from './triggers/changes';
import { cursorIn, NewLeadPoll, startNewLeadCursor, UpdatedLeadPoll } from './triggers/cursor';
import { filterQuery, firstPage, readLeads, triggerFilters } from './triggers/leads';
import { startPoll } from './triggers/onePoll';
import { checkDailyQuota, fittingInterval, quotaMemoryIn } from './triggers/quota';
import { POLLS_PER_DAY_EXPRESSION, pollsEvery } from './triggers/schedule';

const DAY_SECONDS = 86_400;
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;
const MINUTES_PER_DAY = 24 * 60;

// The numbers the descriptions quote, from the resource table and the poll-mode table.
const PAGE = formatCount(largestPage(RESOURCES.lead));
const PROFILE_QUOTA = formatCount(DAILY_QUOTA.profile);
const MASTER_QUOTA = formatCount(DAILY_QUOTA.master);
const polls = (minutes: number) => formatCount(pollsEvery(minutes));

const event = enumField(
	'Event',
	'event',
	[
		{
			name: 'New Lead',
			value: 'newLead',
			description: 'A lead is created. Each lead once, oldest first; a poll with nothing new costs one request.',
		},
		{
			name: 'Updated Lead',
			value: 'updatedLead',
			description: 'A lead created in the look-back window changes (quote, sales value, fields...)',
		},
	],
	'newLead',
	{ noDataExpression: true, required: true },
);

const lookBackDays = lookBackDaysField('Changes are noticed on leads created within this many days before each poll', {
	displayOptions: { show: { event: ['updatedLead'] } },
});

/** How long New Lead waits for a call or chat to end, by default. */
const DEFAULT_CALL_WAIT_MINUTES = 60;

const options = group({ displayName: 'Options', name: 'options', placeholder: 'Add Option' }, [
	countField(
		'Late Lead Window (Minutes)',
		'lateLeadMinutes',
		10,
		{ minValue: 1, maxValue: MINUTES_PER_DAY },
		{
			description: `How late a lead or an edit may show up in WhatConverts and still be emitted: each poll also looks this far back before the previous poll, for leads saved after their creation time (an import) and edits saved late. Nothing is emitted twice. New Lead looks back the longer of this and the wait for calls and chats; while more than ${PAGE} leads were created in that time, a poll costs one request per ${PAGE} of them.`,
		},
	),
	countField(
		'Wait for Calls and Chats to End (Minutes)',
		'callWaitMinutes',
		DEFAULT_CALL_WAIT_MINUTES,
		{ minValue: 0, maxValue: MINUTES_PER_DAY },
		{
			description:
				'New Lead: a call or chat that WhatConverts lists while it is still going on is emitted once it has ended, with its duration and recording; one still going this long after it began is emitted as it is. Each poll looks back this far, so a call that WhatConverts lists only once it has ended is not missed either. 0: emit calls and chats as soon as they are listed, ended or not.',
			displayOptions: { show: { '/event': ['newLead'] } },
		},
	),
	onlyWhenFieldsChange('Updated Lead: emit a lead', { displayOptions: { show: { '/event': ['updatedLead'] } } }),
]);

// What a poll with nothing new costs, for the quota check's message.
const NEW_LEAD_COST = 'New Lead costs one request for each poll that finds nothing new.';
const updatedLeadCost = (leads: number, pages: number, days: number) =>
	`Updated Lead reads all ${formatCount(leads)} leads of the ${days}-day look-back window in each poll: ` +
	`${pages} request${pages === 1 ? '' : 's'} (one per ${PAGE} leads).`;

const toItems = (leads: IDataObject[]): INodeExecutionData[][] => [leads.map((lead) => ({ json: normaliseMaps(lead) }))];

/** Replaces the node's static data with the new cursor (the object itself is kept: n8n watches it). */
function replaceStaticData(data: IDataObject, cursor: IDataObject) {
	for (const key of Object.keys(data)) delete data[key];
	Object.assign(data, cursor);
}

export class WhatConvertsTrigger implements INodeType {
	description: INodeTypeDescription = {
		...nodeIdentity(
			'WhatConverts Trigger',
			'whatConvertsTrigger',
			'trigger',
			'Starts the workflow when a WhatConverts lead is created or updated, by polling the API',
		),
		icon: { light: 'file:whatconverts.svg', dark: 'file:whatconverts.dark.svg' },
		subtitle: '={{$parameter["event"] === "updatedLead" ? "Updated lead" : "New lead"}}',
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		hints: [
			{
				message: `This schedule polls more than ${PROFILE_QUOTA} times a day, and every poll costs at least one request: more than the ${PROFILE_QUOTA} requests a day a profile key allows, so with a profile key the workflow will not activate. Poll ${fittingInterval(1, DAILY_QUOTA.profile)} or less often, or use a master (agency) key (${MASTER_QUOTA} a day).`,
				type: 'warning',
				displayCondition: `={{ ${POLLS_PER_DAY_EXPRESSION} > ${DAILY_QUOTA.profile} }}`,
			},
		],
		properties: [
			event.property,
			{
				displayName: `A poll with nothing new costs one request, so the schedule above sets the daily cost: every minute (n8n's default) is ${polls(1)} requests a day, more than the ${PROFILE_QUOTA} a profile key allows, so with a profile key the trigger will not activate; every 2 minutes is ${polls(2)}, every 5 minutes ${polls(5)}, every 15 minutes ${polls(15)}. While more than ${PAGE} leads are in the window a poll reads (the last ${DEFAULT_CALL_WAIT_MINUTES} minutes by default: a burst, an import), it costs ⌈those leads ÷ ${PAGE}⌉ requests.`,
				name: 'newLeadCost',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newLead'] } },
			},
			{
				displayName: `WhatConverts cannot list leads by update time, so every poll reads all leads created in the look-back window: ⌈leads in the window ÷ ${PAGE}⌉ requests, even when nothing changed. A profile key allows ${PROFILE_QUOTA} requests a day: with up to ${PAGE} leads in the window, polling every minute uses ${polls(1)} (with a profile key the trigger will not activate), every 5 minutes ${polls(5)}, every 15 minutes ${polls(15)}. For a busy profile shorten the window or poll less often.`,
				name: 'updatedLeadCost',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['updatedLead'] } },
			},
			lookBackDays.property,
			triggerFilters.property,
			options.property,
			rateLimitHandling,
		],
	};

	// The account and profile filters are pickers, listed as in the WhatConverts node.
	methods = {
		listSearch: { searchAccounts, searchProfiles },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = checkSettings(this, [event, lookBackDays, options]);
		const filters = filterQuery(this);
		const retry = retrySettingsOf(this);

		if (this.getMode() === 'manual') {
			const { leads } = await firstPage(readLeads(this, filters, { order: 'desc', pageSize: 1, limit: 1 }, retry));
			if (leads.length === 0) {
				throw new NodeOperationError(nodeOf(this), 'No WhatConverts lead matches the filters yet', {
					itemIndex: 0,
					description:
						'"Fetch Test Event" shows the newest lead that matches. Create a test lead in WhatConverts or loosen the filters, then try again.',
				});
			}
			return toItems(leads);
		}

		// One poll at a time: a poll that starts while the previous one still runs leaves everything to it.
		const done = startPoll(this);
		if (!done) return null;
		try {
			const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
			const poll = { settings, filters, retry, stopAfterMs: budgetMs / 2 };
			return settings.event === 'updatedLead' ? await pollUpdatedLeads(this, poll) : await pollNewLeads(this, poll);
		} finally {
			done();
		}
	}
}

interface Poll {
	settings: IDataObject;
	filters: IDataObject;
	retry: RetrySettings;
	/** Stop reading after this long and go on at the next poll: half of the time n8n gives a poll. */
	stopAfterMs: number;
}

/** The node's cursor if it was kept for this event and these filters: a change of them starts over from now. */
function cursorFor(data: IDataObject, key: string) {
	return data.key === key ? cursorIn(data) : undefined;
}

async function pollNewLeads(ctx: IPollFunctions, { settings, filters, retry, stopAfterMs }: Poll): Promise<INodeExecutionData[][] | null> {
	const data = ctx.getWorkflowStaticData('node');
	const key = JSON.stringify([settings.event, filters]);
	const previous = cursorFor(data, key);
	const quota = quotaMemoryIn(data.quota);
	const nowSeconds = Math.floor(Date.now() / 1000);
	const waitSeconds = 60 * ((settings.callWaitMinutes as number | undefined) ?? DEFAULT_CALL_WAIT_MINUTES);
	const windowSeconds = Math.max(60 * ((settings.lateLeadMinutes as number | undefined) ?? 10), waitSeconds);

	if (previous?.from === undefined) {
		// Start from now: what exists is marked as seen. The newest page is enough.
		const newest = await firstPage(readLeads(ctx, filters, { order: 'desc' }, retry));
		await checkDailyQuota(ctx, quota, retry, 1, NEW_LEAD_COST);
		replaceStaticData(data, { key, ...startNewLeadCursor(newest.leads, newest.last, nowSeconds, windowSeconds, waitSeconds), quota });
		return null;
	}

	// Oldest first from the window's start, by creation date: ⌈leads in the window ÷ 2,500⌉ requests.
	const poll = new NewLeadPoll(previous, nowSeconds, windowSeconds, waitSeconds);
	const started = performance.now();
	let stoppedAt: number | undefined;
	const start = previous.resume?.at ?? previous.from;
	for await (const page of readLeads(ctx, filters, { order: 'asc', start, end: nowSeconds }, retry)) {
		poll.take(page.leads);
		if (!page.last && !page.sweeping && page.position !== undefined && performance.now() - started > stopAfterMs) {
			stoppedAt = page.position;
			break;
		}
	}
	await checkDailyQuota(ctx, quota, retry, 1, NEW_LEAD_COST);
	const { emit, cursor } = poll.finish(stoppedAt);
	replaceStaticData(data, { key, ...cursor, quota });
	return emit.length ? toItems(emit) : null;
}

async function pollUpdatedLeads(
	ctx: IPollFunctions,
	{ settings, filters, retry, stopAfterMs }: Poll,
): Promise<INodeExecutionData[][] | null> {
	const data = ctx.getWorkflowStaticData('node');
	const key = JSON.stringify([settings.event, filters, ...UpdatedLeadChanges.keyOf(settings.onlyWhenFieldsChange)]);
	const previous = cursorFor(data, key);
	const changes = UpdatedLeadChanges.of(settings.onlyWhenFieldsChange, previous && data);
	const quota = quotaMemoryIn(data.quota);
	const nowSeconds = Math.floor(Date.now() / 1000);
	const days = settings.lookBackDays as number;
	const poll = new UpdatedLeadPoll(previous, nowSeconds, 60 * ((settings.lateLeadMinutes as number | undefined) ?? 10));

	// The whole look-back window, oldest first, a page at a time; a read cut short goes on where it stopped.
	const start = previous?.resume?.at ?? nowSeconds - days * DAY_SECONDS;
	const started = performance.now();
	let stoppedAt: number | undefined;
	let total = 0;
	let requests = 0;
	for await (const page of readLeads(ctx, filters, { order: 'asc', start, end: nowSeconds }, retry)) {
		if (page.requests === 1) total = page.total ?? 0;
		requests = page.requests;
		poll.take(page.leads);
		changes?.read(page.leads);
		if (!page.last && !page.sweeping && page.position !== undefined && performance.now() - started > stopAfterMs) {
			stoppedAt = page.position;
			break;
		}
	}
	const perPoll = stoppedAt === undefined && !previous?.resume ? requests : Math.max(1, Math.ceil(total / largestPage(RESOURCES.lead)));
	await checkDailyQuota(ctx, quota, retry, perPoll, updatedLeadCost(total, perPoll, days), 'shorten the look-back window');
	const finished = poll.finish(nowSeconds, stoppedAt);
	const emit = changes ? changes.emitted(finished.emit) : finished.emit;
	replaceStaticData(data, { key, ...finished.cursor, ...changes?.stored(nowSeconds - days * DAY_SECONDS), quota });
	return emit.length ? toItems(emit) : null;
}
