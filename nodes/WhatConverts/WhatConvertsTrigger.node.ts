import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchAccounts, searchProfiles } from './methods/listSearch';
import { normaliseMaps } from './output/normalise';
import { countField, enumField } from './parameters/builders';
import { checkSettings } from './parameters/check';
import { DAY_SECONDS } from './parameters/dates';
import { lookBackDaysField } from './parameters/filters';
import { rateLimitHandling, retrySettingsOf } from './parameters/rateLimit';
import { group } from './parameters/types';
import { DAILY_QUOTA, largestPage, RESOURCES } from './shared/resources';
import { nodeIdentity, nodeOf } from './shared/node';
import { formatCount } from './shared/text';
import { CREDENTIAL_TYPE } from './transport';
import { onlyWhenFieldsChange, UpdatedLeadChanges } from './triggers/changes';
import type { WindowCursor } from './triggers/cursor';
import { cursorIn, NewLeadPoll, startNewLeadCursor, UpdatedLeadPoll } from './triggers/cursor';
import type { LeadRead } from './triggers/leads';
import { filterQuery, newestLeads, readWindow, triggerFilters } from './triggers/leads';
import { startPoll } from './triggers/onePoll';
import type { QuotaMemory } from './triggers/quota';
import { checkDailyQuota, fittingInterval, quotaMemoryIn } from './triggers/quota';
import { POLLS_PER_DAY_EXPRESSION, pollsEvery } from './triggers/schedule';

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
		const settings = checkedSettings(this);
		const read = { filters: filterQuery(this), retry: retrySettingsOf(this) };

		if (this.getMode() === 'manual') {
			const { leads } = await newestLeads(this, read, 1);
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
		const data = this.getWorkflowStaticData('node');
		const turn = startPoll(this, data);
		if (!turn) return null;
		try {
			const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
			const poll: Poll = {
				...read,
				settings,
				nowSeconds: Math.floor(Date.now() / 1000),
				stopAfterMs: budgetMs / 2,
				// A change of the fields Updated Lead watches starts over, as a change of filters does.
				key: JSON.stringify([
					settings.event,
					read.filters,
					...(settings.event === 'updatedLead' ? UpdatedLeadChanges.keyOf(settings.onlyWhenFieldsChange) : []),
				]),
				quota: quotaMemoryIn(data.quota),
			};
			// The node's cursor if it was kept for this event and these filters: a change of them starts over from now.
			const previous = data.key === poll.key ? cursorIn(data) : undefined;
			const { emit, cursor } =
				settings.event === 'updatedLead' ? await pollUpdatedLeads(this, poll, previous, data) : await pollNewLeads(this, poll, previous);
			// Another activation of this workflow polled meanwhile (an active workflow saved): it reads these leads again.
			if (turn.superseded) return null;
			replaceStaticData(data, { key: poll.key, ...cursor, quota: poll.quota });
			return emit.length ? toItems(emit) : null;
		} finally {
			turn.end();
		}
	}
}

/** The node's settings, checked; an option left out is its field's default. */
function checkedSettings(ctx: IPollFunctions) {
	return checkSettings(ctx, [event, lookBackDays, options]);
}

interface Poll extends LeadRead {
	settings: ReturnType<typeof checkedSettings>;
	/** The event and filters the cursor is kept for. */
	key: string;
	quota: QuotaMemory;
}

/** What a poll ends with: the leads to emit, and the cursor to keep. */
interface PollEnd {
	emit: IDataObject[];
	cursor: WindowCursor;
}

async function pollNewLeads(ctx: IPollFunctions, poll: Poll, previous: WindowCursor | undefined): Promise<PollEnd> {
	const { settings, nowSeconds, retry, quota } = poll;
	const waitSeconds = 60 * settings.callWaitMinutes;
	const windowSeconds = Math.max(60 * settings.lateLeadMinutes, waitSeconds);

	if (previous?.from === undefined) {
		// Start from now: what exists is marked as seen. The newest page is enough.
		const newest = await newestLeads(ctx, poll);
		await checkDailyQuota(ctx, quota, retry, 1, NEW_LEAD_COST);
		return { emit: [], cursor: startNewLeadCursor(newest.leads, newest.all, nowSeconds, windowSeconds, waitSeconds) };
	}

	// Oldest first from the window's start, by creation date: ⌈leads in the window ÷ 2,500⌉ requests.
	const newLeads = new NewLeadPoll(previous, nowSeconds, windowSeconds, waitSeconds);
	const read = await readWindow(ctx, poll, previous.resume?.at ?? previous.from, (leads) => newLeads.take(leads));
	await checkDailyQuota(ctx, quota, retry, 1, NEW_LEAD_COST);
	return newLeads.finish(read.stoppedAt);
}

/** Every edit Updated Lead emits is told apart here. */
async function pollUpdatedLeads(ctx: IPollFunctions, poll: Poll, previous: WindowCursor | undefined, data: IDataObject): Promise<PollEnd> {
	const { settings, nowSeconds, retry, quota } = poll;
	const days = settings.lookBackDays;
	const windowStart = nowSeconds - days * DAY_SECONDS;
	const edits = new UpdatedLeadPoll(previous, nowSeconds, 60 * settings.lateLeadMinutes);
	// Only When These Fields Change: the chosen fields' last values, kept beside the cursor.
	const changes = UpdatedLeadChanges.of(settings.onlyWhenFieldsChange, previous && data);

	// The whole look-back window, oldest first; a read cut short goes on where it stopped.
	const read = await readWindow(ctx, poll, previous?.resume?.at ?? windowStart, (leads) => {
		edits.take(leads);
		changes?.read(leads);
	});
	const whole = read.stoppedAt === undefined && !previous?.resume;
	const perPoll = whole ? read.requests : Math.max(1, Math.ceil(read.total / largestPage(RESOURCES.lead)));
	await checkDailyQuota(ctx, quota, retry, perPoll, updatedLeadCost(read.total, perPoll, days), 'shorten the look-back window');
	const { emit, cursor } = edits.finish(nowSeconds, read.stoppedAt);
	if (!changes) return { emit, cursor };
	return { emit: changes.emitted(emit), cursor: { ...cursor, ...changes.stored(windowStart) } };
}
