import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchAccounts, searchProfiles } from '../WhatConverts/methods/listSearch';
import { rateLimitHandling } from '../WhatConverts/shared/fields';
import { MAX_DAYS_PER_LEAD_QUERY } from '../WhatConverts/shared/leadFilters';
import { formatApiDate } from '../WhatConverts/shared/params';
import { normaliseMaps } from '../WhatConverts/transport/routing';
import type { NewLeadCursor, UpdatedLeadCursor } from './cursor';
import {
	advanceNewLeadCursor,
	byCreation,
	newLeadsOf,
	seconds,
	updatedLeadCursorOf,
	updatedLeadsOf,
} from './cursor';
import { filterQuery, readLeads, triggerFilters } from './read';

const DAY_SECONDS = 86_400;
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

type Event = 'newLead' | 'updatedLead';

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
						description:
							'A lead is created. Each lead once, oldest first; a poll with nothing new costs one request.',
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
					'WhatConverts cannot list leads by update time, so every poll reads all leads created in the look-back window: ⌈leads in the window ÷ 2,500⌉ requests, even when nothing changed. A profile key allows 1,000 requests a day: with up to 2,500 leads in the window, polling every minute uses 1,440 (over the quota), every 5 minutes 288, every 15 minutes 96. For a busy profile shorten the window or poll less often.',
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
				displayOptions: { show: { event: ['newLead'] } },
				options: [
					{
						displayName: 'Late Lead Window (Minutes)',
						name: 'lateLeadMinutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1440 },
						default: 10,
						description:
							'Each poll also re-reads leads created this long before the newest lead seen, so a lead saved late with an earlier creation time is not missed (after a burst of more than 2,400 leads in this window, only the window after the newest 2,400 is re-read). Leads already emitted are never emitted again.',
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
			const { items: leads } = await readLeads(this, { ...filters, order: 'desc' }, { maxPages: 1, pageSize: 1 });
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
		const isFirst = data.key !== key;
		const nowSeconds = Math.floor(Date.now() / 1000);

		if (event === 'updatedLead') {
			const lookBackDays = this.getNodeParameter('lookBackDays', 30) as number;
			const windowStart = new Date((nowSeconds - lookBackDays * DAY_SECONDS) * 1000);
			const { items: leads } = await readLeads(this, { ...filters, order: 'asc', start_date: formatApiDate(windowStart) });
			const changed = isFirst ? [] : updatedLeadsOf(data as unknown as UpdatedLeadCursor, leads);
			store(data, { key, ...updatedLeadCursorOf(leads) });
			return changed.length ? toItems(changed) : null;
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const overlapSeconds = 60 * Number(options.lateLeadMinutes ?? 10);
		if (isFirst) {
			// Start from now: what exists is marked as seen. The newest page is enough; when it is full,
			// the cursor starts just after its oldest lead.
			const { items: leads, complete } = await readLeads(this, { ...filters, order: 'desc' }, { maxPages: 1 });
			const oldest = leads.length ? seconds(leads[leads.length - 1].date_created) : undefined;
			const completeFrom = !complete && oldest !== undefined ? oldest + 1 : undefined;
			store(data, { key, ...advanceNewLeadCursor({ seen: [] }, leads, nowSeconds, overlapSeconds, { completeFrom }) });
			return null;
		}

		// Oldest first from the cursor: new leads land on the last page, so earlier pages do not shift
		// while they are read, and a poll with nothing new reads one page (the cursor keeps the
		// re-read overlap under one page of leads).
		const cursor = data as unknown as NewLeadCursor;
		const qs: IDataObject = { ...filters, order: 'asc' };
		if (cursor.from !== undefined) qs.start_date = formatApiDate(new Date(cursor.from * 1000));
		const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
		const { items: leads, complete } = await readLeads(this, qs, { stopAfterMs: budgetMs / 2 });
		const fresh = newLeadsOf(cursor, leads);
		const readUpTo = complete ? undefined : seconds([...leads].sort(byCreation).pop()?.date_created);
		store(data, { key, ...advanceNewLeadCursor(cursor, leads, nowSeconds, overlapSeconds, { readUpTo }) });
		return fresh.length ? toItems(fresh) : null;
	}
}
