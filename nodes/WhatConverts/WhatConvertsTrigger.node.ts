import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchAccounts, searchProfiles } from './methods/listSearch';
import { normaliseMaps } from './output/normalise';
import { countField, enumField } from './parameters/builders';
import { checkSettings } from './parameters/check';
import { formatApiDate } from './parameters/dates';
import { lookBackDaysField } from './parameters/filters';
import { rateLimitHandling, retrySettingsOf } from './parameters/rateLimit';
import { group } from './parameters/types';
import { DAILY_QUOTA, largestPage, RESOURCES } from './shared/resources';
import { nodeIdentity, nodeOf } from './shared/node';
import { formatCount } from './shared/text';
import { CREDENTIAL_TYPE } from './transport';
import { cursorIn, epochSeconds, pollNewLeads, pollUpdatedLeads, startNewLeadCursor } from './triggers/cursor';
import { filterQuery, readLeads, triggerFilters } from './triggers/leads';
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

const options = group({ displayName: 'Options', name: 'options', placeholder: 'Add Option' }, [
	countField(
		'Late Lead Window (Minutes)',
		'lateLeadMinutes',
		10,
		{ minValue: 1, maxValue: MINUTES_PER_DAY },
		{
			description: `How late a lead or an edit may show up in WhatConverts and still be emitted: each poll also looks this far back before the previous poll, for leads saved after their creation time (a long phone call) and edits saved late. Nothing is emitted twice. New Lead: while more than ${PAGE} leads were created in this window, a poll costs one request per ${PAGE} of them.`,
		},
	),
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
				displayName: `A poll with nothing new costs one request, so the schedule above sets the daily cost: every minute (n8n's default) is ${polls(1)} requests a day, more than the ${PROFILE_QUOTA} a profile key allows, so with a profile key the trigger will not activate; every 2 minutes is ${polls(2)}, every 5 minutes ${polls(5)}, every 15 minutes ${polls(15)}. While more than ${PAGE} leads are in the late-lead window (a burst, an import), a poll costs ⌈those leads ÷ ${PAGE}⌉ requests.`,
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
			const { items } = await readLeads(this, { ...filters, order: 'desc' }, retry, { maxPages: 1, pageSize: 1 });
			if (items.length === 0) {
				throw new NodeOperationError(nodeOf(this), 'No WhatConverts lead matches the filters yet', {
					itemIndex: 0,
					description:
						'"Fetch Test Event" shows the newest lead that matches. Create a test lead in WhatConverts or loosen the filters, then try again.',
				});
			}
			return toItems(items);
		}

		// A change of event or filters starts over from now, as a first activation does.
		const data = this.getWorkflowStaticData('node');
		const key = JSON.stringify([settings.event, filters]);
		const previous = data.key === key ? cursorIn(data) : undefined;
		const quota = quotaMemoryIn(data.quota);
		const nowSeconds = Math.floor(Date.now() / 1000);
		const lateSeconds = 60 * ((settings.lateLeadMinutes as number | undefined) ?? 10);

		if (settings.event === 'updatedLead') {
			const days = settings.lookBackDays as number;
			const windowStart = new Date((nowSeconds - days * DAY_SECONDS) * 1000);
			const read = await readLeads(this, { ...filters, order: 'asc', start_date: formatApiDate(windowStart) }, retry);
			const cost = updatedLeadCost(read.items.length, read.pages, days);
			await checkDailyQuota(this, quota, retry, read.pages, cost, 'shorten the look-back window');
			const { emit, cursor } = pollUpdatedLeads(previous, read.items, nowSeconds, lateSeconds, { hold: read.shrunk });
			replaceStaticData(data, { key, ...cursor, quota });
			return emit.length ? toItems(emit) : null;
		}

		if (!previous) {
			// Start from now: what exists is marked as seen. The newest page is enough.
			const { items, complete } = await readLeads(this, { ...filters, order: 'desc' }, retry, { maxPages: 1 });
			await checkDailyQuota(this, quota, retry, 1, NEW_LEAD_COST);
			replaceStaticData(data, { key, ...startNewLeadCursor(items, complete, nowSeconds, lateSeconds), quota });
			return null;
		}

		// Oldest first from the window's start: new leads land on the last page, so earlier pages do
		// not shift while they are read; a poll reads ⌈leads in the window ÷ page size⌉ pages.
		const qs: IDataObject = { ...filters, order: 'asc' };
		if (previous.from !== undefined) qs.start_date = formatApiDate(new Date(previous.from * 1000));
		const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
		const read = await readLeads(this, qs, retry, { stopAfterMs: budgetMs / 2 });
		await checkDailyQuota(this, quota, retry, 1, NEW_LEAD_COST);
		const readUpTo = read.complete ? undefined : read.items.reduce((latest, lead) => Math.max(latest, epochSeconds(lead.date_created)), 0);
		const { emit, cursor } = pollNewLeads(previous, read.items, nowSeconds, lateSeconds, { readUpTo, hold: read.shrunk });
		replaceStaticData(data, { key, ...cursor, quota });
		return emit.length ? toItems(emit) : null;
	}
}
