import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { normaliseMaps } from './output/normalise';
import { booleanField, textField } from './parameters/builders';
import { checkSettings } from './parameters/check';
import { epochSecondsOf } from './parameters/dates';
import { LEAD_TYPES } from './parameters/enums';
import { optionFor } from './parameters/optionMatch';
import { group, typed } from './parameters/types';
import { stillGoing } from './shared/leadState';
import { nodeIdentity, nodeOf } from './shared/node';
import { RecentMap } from './shared/recentMap';
import { chosenFields, deliveryChanges, onlyWhenFieldsChange } from './triggers/changes';

/** The query parameter of the webhook URL that carries the shared secret. */
export const SECRET_PARAMETER = 'secret';

/** How many deliveries that started a run are remembered, to fold repeats of them. */
export const REMEMBERED_DELIVERIES = 2000;

/**
 * The deliveries this process started a run for in the last minute, by workflow. n8n loads the static
 * data for each call and saves it once the answer is out, so a repeat arriving at the same moment, or
 * a few milliseconds later, would not find the first one there yet.
 */
const justStarted = new RecentMap<true>(60_000);
const startedJustNow = (key: string) => !justStarted.getOrAdd(key, () => true).added;

function sameSecret(given: string, expected: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

const events = typed('enumList', {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	required: true,
	options: [
		{ name: 'New Lead', value: 'new', description: 'WhatConverts sends "trigger": "new"' },
		{ name: 'Updated Lead', value: 'update', description: 'WhatConverts sends "trigger": "update"' },
	],
	default: ['new'],
	description: 'Which deliveries start the workflow; others are answered 200 and ignored',
});

const leadTypes = typed('enumList', {
	displayName: 'Lead Types',
	name: 'leadTypes',
	type: 'multiOptions',
	options: LEAD_TYPES,
	default: [],
	description: 'Only leads of these types start the workflow. Empty: every type.',
});

const secret = textField('Secret', 'secret', {
	typeOptions: { password: true },
	description:
		'When set, the URL pasted into WhatConverts must end with ?secret= followed by this value. Calls without it are refused with 401 and start nothing. WhatConverts does not sign its webhooks: this is their only protection.',
});

const onlyCompleted = booleanField(
	'Only Completed Calls and Chats',
	'onlyCompleted',
	'Whether to ignore phone calls and chats that are still in progress: any delivery whose lead_state or call_status says so ("In Progress", also spelled "In Progess"). WhatConverts sends them when they start and again when they end; with this on, only the delivery of the finished call or chat starts the workflow. If WhatConverts labels that delivery an update, include \'Updated Lead\' in \'Events\'. Text messages are sent once, so they always pass, whatever their lead_state says.',
);

const options = group({ displayName: 'Options', name: 'options', placeholder: 'Add Option' }, [onlyWhenFieldsChange('Start the workflow')]);

/** The node's settings, checked: which deliveries start the workflow. */
interface DeliveryFilter {
	events: string[];
	leadTypes: string[];
	onlyCompleted: boolean;
}

/** Why a delivery should not start the workflow, or undefined when it should. */
function reasonToIgnore({ events, leadTypes, onlyCompleted }: DeliveryFilter, lead: IDataObject): string | undefined {
	const trigger = String(lead.trigger ?? '').toLowerCase();
	const type = optionFor(LEAD_TYPES, lead.lead_type)?.value;
	if (!events.includes(trigger)) return `event "${String(lead.trigger ?? '')}" is not one of: ${events.join(', ')}`;
	if (leadTypes.length && !leadTypes.some((chosen) => chosen === type)) {
		return `lead type "${String(lead.lead_type ?? '')}" is not one of: ${leadTypes.join(', ')}`;
	}
	// Only calls and chats are sent while they go on: a text is sent once, so holding it back would lose it.
	const going = onlyCompleted ? stillGoing(lead) : undefined;
	if (going) return `the ${String(lead.lead_type ?? 'lead')} is not completed yet (${going})`;
	return undefined;
}

const DECIMAL = /^-?\d+\.\d+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A delivery's content written one way, so that a repeat matches however it is written: keys in
 * any order, a number or its numeric string (150, "150.00"), an instant however written (to the
 * second, as WhatConverts dates are; without a zone it is UTC, whatever the server's zone), null or
 * absent, an empty map as [] or {}. Every field counts: WhatConverts sends the lead's own fields and
 * nothing that changes from one sending to the next (no send time, attempt or signed URL), so a field
 * left out would fold a real edit of it.
 */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.length ? value.map(canonical) : {};
	if (value !== null && typeof value === 'object') {
		const fields = Object.entries(value).filter(([, field]) => field !== null && field !== undefined);
		return Object.fromEntries(fields.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, field]) => [key, canonical(field)]));
	}
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return value;
	if (DECIMAL.test(value)) return value.replace(/\.?0+$/, '');
	// A date without a zone is UTC, as everywhere in this package: never the process's own zone.
	const seconds = DATE_TIME.test(value) ? epochSecondsOf(value) : undefined;
	return seconds === undefined ? value : new Date(seconds * 1000).toISOString();
}

/**
 * Folds a repeated delivery: the same content (see canonical) starts one run, so two edits saved in
 * the same second, or sent without last_updated, each start one. The fingerprints of the last
 * deliveries that started a run live in the workflow's static data, which n8n saves after each
 * production webhook call that changed it (and, for the last minute, in this process too). Returns
 * why this one starts nothing.
 */
function repeatOf(ctx: IWebhookFunctions, lead: IDataObject): string | undefined {
	const delivery = createHash('sha256')
		.update(JSON.stringify(canonical(lead)))
		.digest('base64url')
		.slice(0, 12);
	const data = ctx.getWorkflowStaticData('node');
	// One string, not an array: n8n watches static data through a proxy on every element.
	const remembered = typeof data.deliveries === 'string' && data.deliveries ? data.deliveries.split(',') : [];
	if (remembered.includes(delivery) || startedJustNow(`${ctx.getWorkflow().id}:${nodeOf(ctx).id}:${delivery}`)) {
		const which = lead.lead_id === undefined ? '' : `lead ${String(lead.lead_id)}: `;
		return `${which}the same content was already delivered and started a run`;
	}
	data.deliveries = [...remembered, delivery].slice(-REMEMBERED_DELIVERIES).join(',');
	return undefined;
}

export class WhatConvertsWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		...nodeIdentity(
			'WhatConverts Webhook Trigger',
			'whatConvertsWebhookTrigger',
			'trigger',
			'Starts the workflow when WhatConverts sends a new or updated lead to its webhook URL',
		),
		icon: { light: 'file:whatconverts.svg', dark: 'file:whatconverts.dark.svg' },
		subtitle: '={{"On " + $parameter["events"].join(", ")}}',
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'whatconverts' }],
		properties: [
			{
				displayName:
					"WhatConverts has no API to register webhooks: copy the Production URL above into WhatConverts → Integrations → Webhooks (with <code>?secret=</code> and your secret appended if you set one below), choose the lead types there, and activate this workflow. Deliveries cost no API requests: this trigger uses none of the key's daily quota. A delivery whose content repeats one that already started a run (the same fields and values, in any order) starts nothing.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			events.property,
			leadTypes.property,
			secret.property,
			onlyCompleted.property,
			options.property,
		],
	};

	webhookMethods = {
		default: {
			// WhatConverts has no webhook API: nothing can be looked up, registered or removed there.
			// The user pastes the URL into WhatConverts (Integrations → Webhooks) and removes it there.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const settings = checkSettings(this, [secret, events, leadTypes, onlyCompleted, options]);
		if (settings.secret) {
			const given = (this.getQueryData() as IDataObject)[SECRET_PARAMETER];
			if (typeof given !== 'string' || !sameSecret(given, settings.secret)) {
				const response = this.getResponseObject();
				response.writeHead(401, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ message: `Missing or wrong "${SECRET_PARAMETER}" query parameter` }));
				return { noWebhookResponse: true };
			}
		}
		const body = this.getBodyData();
		const lead = body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
		// Test deliveries ("Listen for test event") always run and are not remembered.
		const manual = this.getMode() === 'manual';
		// Every delivery of a lead is kept for the next one's comparison, whether it starts a run or not.
		const fields = chosenFields(settings.onlyWhenFieldsChange);
		const changes =
			fields.length && lead.lead_id !== undefined
				? deliveryChanges(this.getWorkflowStaticData('node'), fields, lead, manual, REMEMBERED_DELIVERIES)
				: undefined;
		const unchanged = fields.length && !changes ? `none of ${fields.join(', ')} changed since the last delivery of this lead` : undefined;
		const ignored = reasonToIgnore(settings, lead) ?? unchanged ?? (manual ? undefined : repeatOf(this, lead));
		if (ignored) return { webhookResponse: { received: true, started: false, reason: ignored } };
		// Answered here, before n8n starts the run: n8n saves the static data (the delivery memory) when
		// the answer goes out, and once a run has started it no longer sees that it changed.
		const response = this.getResponseObject();
		response.writeHead(200, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify({ received: true, started: true }));
		return { noWebhookResponse: true, workflowData: [[{ json: normaliseMaps({ ...lead, ...(changes ? { changes } : {}) }) }]] };
	}
}
