import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchAccounts, searchProfiles } from '../WhatConverts/methods/listSearch';
import { rateLimitHandling } from '../WhatConverts/shared/fields';
import { MAX_DAYS_PER_LEAD_QUERY } from '../WhatConverts/shared/leadFilters';
import { formatApiDate } from '../WhatConverts/shared/params';
import { normaliseMaps } from '../WhatConverts/transport/routing';
import type { QuotaMemory } from './budget';
import { checkDailyQuota } from './budget';
import type { WindowCursor } from './cursor';
import { pollNewLeads, pollUpdatedLeads, seconds, startNewLeadCursor } from './cursor';
import { filterQuery, readLeads, triggerFilters } from './read';

const DAY_SECONDS = 86_400;
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

type Event = 'newLead' | 'updatedLead';

// What a poll with nothing new costs, for the quota check's message.
const NEW_LEAD_COST = 'New Lead costs one request for each poll that finds nothing new.';
const updatedLeadCost = (leads: number, pages: number, days: number) =>
	`Updated Lead reads all ${leads.toLocaleString('en-US')} leads of the ${days}-day look-back window in each poll: ` +
	`${pages} request${pages === 1 ? '' : 's'} (one per 2,500 leads).`;

// The editor's estimate of the polls a day, as an n8n expression (custom cron counts as one a day;
// activation counts it exactly). Keep in step with pollsPerDay().
const POLLS_PER_DAY =
	"(($parameter.pollTimes ?? { item: [{ mode: 'everyMinute' }] }).item ?? []).reduce((polls, time) => polls + " +
	"(time.mode === 'everyMinute' ? 1440 : time.mode === 'everyHour' ? 24 : time.mode !== 'everyX' ? 1 : " +
	"time.unit === 'hours' ? Math.ceil(24 / time.value) : 24 * Math.ceil(60 / time.value)), 0)";

const toItems = (leads: IDataObject[]): INodeExecutionData[][] => [leads.map((lead) => ({ json: normaliseMaps(lead) }))];

/** Replaces the node's static data with a new cursor (the object itself is kept: n8n watches it). */
function store(data: IDataObject, cursor: IDataObject) {
	for (const key of Object.keys(data)) delete data[key];
	Object.assign(data, cursor);
}

export class WhatConvertsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatConverts Trigger',
		name: 'whatConvertsTrigger',
		icon: { light: 'file:whatconverts.svg', dark: 'file:whatconverts.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "updatedLead" ? "Updated lead" : "New lead"}}',
		description: 'Starts the workflow when a WhatConverts lead is created or updated, by polling the API',
		defaults: { name: 'WhatConverts Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatConvertsApi', required: true }],
		hints: [
			{
				message:
					'This schedule polls more than 1,000 times a day, and every poll costs at least one request: more than the 1,000 requests a day a profile key allows, so with a profile key the workflow will not activate. Poll every 2 minutes (720 requests a day) or less often, or use a master (agency) key (10,000 a day).',
				type: 'warning',
				displayCondition: `={{ ${POLLS_PER_DAY} > 1000 }}`,
			},
		],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
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
				default: 'newLead',
			},
			{
				displayName:
					"A poll with nothing new costs one request, so the schedule above sets the daily cost: every minute (n8n's default) is 1,440 requests a day, more than the 1,000 a profile key allows, so with a profile key the trigger will not activate; every 2 minutes is 720, every 5 minutes 288, every 15 minutes 96. While more than 2,500 leads are in the late-lead window (a burst, an import), a poll costs ⌈those leads ÷ 2,500⌉ requests.",
				name: 'newLeadCost',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newLead'] } },
			},
			{
				displayName:
					'WhatConverts cannot list leads by update time, so every poll reads all leads created in the look-back window: ⌈leads in the window ÷ 2,500⌉ requests, even when nothing changed. A profile key allows 1,000 requests a day: with up to 2,500 leads in the window, polling every minute uses 1,440 (with a profile key the trigger will not activate), every 5 minutes 288, every 15 minutes 96. For a busy profile shorten the window or poll less often.',
				name: 'updatedLeadCost',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['updatedLead'] } },
			},
			{
				displayName: 'Look-Back Window (Days)',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_DAYS_PER_LEAD_QUERY },
				default: 30,
				description: 'Changes are noticed on leads created within this many days before each poll',
				displayOptions: { show: { event: ['updatedLead'] } },
			},
			triggerFilters.property,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Late Lead Window (Minutes)',
						name: 'lateLeadMinutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1440 },
						default: 10,
						description:
							'How late a lead or an edit may show up in WhatConverts and still be emitted: each poll also looks this far back before the previous poll, for leads saved after their creation time (a long phone call) and edits saved late. Nothing is emitted twice. New Lead: while more than 2,500 leads were created in this window, a poll costs one request per 2,500 of them.',
					},
				],
			},
			rateLimitHandling,
		],
	};

	// The account and profile filters are pickers, listed as in the WhatConverts node.
	methods = {
		listSearch: { searchAccounts, searchProfiles },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as Event;
		const filters = filterQuery(this);

		if (this.getMode() === 'manual') {
			const { leads } = await readLeads(this, { ...filters, order: 'desc' }, { maxPages: 1, pageSize: 1 });
			if (leads.length === 0) {
				throw new NodeOperationError(this.getNode(), 'No WhatConverts lead matches the filters yet', {
					description:
						'"Fetch Test Event" shows the newest lead that matches. Create a test lead in WhatConverts or loosen the filters, then try again.',
				});
			}
			return toItems(leads);
		}

		// A change of event or filters starts over from now, as a first activation does.
		const data = this.getWorkflowStaticData('node');
		const key = JSON.stringify([event, filters]);
		const previous = data.key === key ? (data as unknown as WindowCursor) : undefined;
		const quota = { ...(data.quota as QuotaMemory | undefined) };
		const nowSeconds = Math.floor(Date.now() / 1000);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const lateSeconds = 60 * Number(options.lateLeadMinutes ?? 10);

		if (event === 'updatedLead') {
			const lookBackDays = this.getNodeParameter('lookBackDays', 30) as number;
			const windowStart = new Date((nowSeconds - lookBackDays * DAY_SECONDS) * 1000);
			const read = await readLeads(this, { ...filters, order: 'asc', start_date: formatApiDate(windowStart) });
			const cost = updatedLeadCost(read.leads.length, read.pages, lookBackDays);
			await checkDailyQuota(this, quota, read.pages, cost, 'shorten the look-back window');
			const { emit, cursor } = pollUpdatedLeads(previous, read.leads, nowSeconds, lateSeconds, { hold: read.shrunk });
			store(data, { key, ...cursor, quota });
			return emit.length ? toItems(emit) : null;
		}

		if (!previous) {
			// Start from now: what exists is marked as seen. The newest page is enough.
			const { leads, complete } = await readLeads(this, { ...filters, order: 'desc' }, { maxPages: 1 });
			await checkDailyQuota(this, quota, 1, NEW_LEAD_COST);
			store(data, { key, ...startNewLeadCursor(leads, complete, nowSeconds, lateSeconds), quota });
			return null;
		}

		// Oldest first from the window's start: new leads land on the last page, so earlier pages do
		// not shift while they are read; a poll reads ⌈leads in the window ÷ 2,500⌉ pages.
		const qs: IDataObject = { ...filters, order: 'asc' };
		if (previous.from !== undefined) qs.start_date = formatApiDate(new Date(previous.from * 1000));
		const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
		const read = await readLeads(this, qs, { stopAfterMs: budgetMs / 2 });
		await checkDailyQuota(this, quota, 1, NEW_LEAD_COST);
		const readUpTo = read.complete ? undefined : read.leads.reduce((latest, lead) => Math.max(latest, seconds(lead.date_created)), 0);
		const { emit, cursor } = pollNewLeads(previous, read.leads, nowSeconds, lateSeconds, { readUpTo, hold: read.shrunk });
		store(data, { key, ...cursor, quota });
		return emit.length ? toItems(emit) : null;
	}
}
