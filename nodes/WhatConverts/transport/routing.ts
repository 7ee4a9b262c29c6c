import type {
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodePropertyOptions,
	INodePropertyRouting,
} from 'n8n-workflow';

import { agentAnswer, AGENT_LIMITS, runsAsTool } from '../shared/agents';
import { LIMIT, RATE_LIMIT_HANDLING, RETURN_ALL } from '../shared/fields';
import type { Field, FieldGroup } from '../shared/params';
import { checkId, checkValue, inputError, isEmpty, optionFor, parseApiDate } from '../shared/params';
import type { IdName, Resource, ResourceName } from '../shared/resources';
import { fillPath, ID_PARAMETERS, idsInTemplate, RESOURCES } from '../shared/resources';
import { nodeOf } from './connection';
import { MAX_IN_FLIGHT } from './limiter';
import { readListPage, readPages } from './pagination';
import type { RetrySettings } from './request';
import { retrySettingsFrom, whatConvertsRequest } from './request';

/** What one operation sends: the method, the resource table's path, and the typed fields it carries. */
export interface RequestSpec {
	method: 'GET' | 'POST' | 'DELETE';
	resource: ResourceName;
	/** the resource's list path or one item's path */
	path: 'list' | 'item';
	/** fields (or collections of fields) sent in the query string */
	query?: Array<Field | FieldGroup>;
	/** fields (or collections of fields) sent in the body */
	body?: Array<Field | FieldGroup>;
	/** WhatConverts reads creates and edits of accounts, profiles and leads as forms; users as JSON */
	form?: boolean;
	/** the answer is bytes (a recording), not JSON */
	binary?: boolean;
}

/** A request built from checked values only. */
export interface CheckedRequest {
	resource: Resource;
	options: IHttpRequestOptions;
	/** the ids in the path, by their API names: { account_id: 1001, profile_id: 2001 } */
	pathIds: IDataObject;
	/** the checked values of the body (or, for reads, the query), by their API names */
	sent: IDataObject;
	/** the same values as WhatConverts writes them in its answers: enums as their labels */
	asAnswered: IDataObject;
}

/** Sends a checked request and turns the answer into the operation's items. */
export type Sender = (this: IExecutePaginationFunctions, request: CheckedRequest) => Promise<INodeExecutionData[]>;

// WhatConverts sends [] for an empty map; downstream nodes expect {} so that $json.map.Name works.
const MAP_FIELDS = ['additional_fields', 'custom_fields', 'lead_analysis', 'field_mappings', 'permissions'];

export function normaliseMaps(object: IDataObject): IDataObject {
	for (const key of MAP_FIELDS) {
		const value = object[key];
		if (Array.isArray(value) && value.length === 0) object[key] = {};
	}
	return object;
}

/** The user's "Rate Limit Handling" settings, checked, or the defaults. */
export function retrySettingsOf(ctx: ParameterSource & { getItemIndex?: () => number }): RetrySettings {
	return retrySettingsFrom(checkFields(ctx, [RATE_LIMIT_HANDLING], false, ctx.getItemIndex?.()).sent);
}

const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** What the checks need of an n8n context: the node, and its parameters (of the current item). */
export interface ParameterSource {
	getNode(): INode;
	getNodeParameter(name: string, fallback?: unknown, options?: { extractValue?: boolean }): unknown;
}

/** Checks a list of fields and collections and gathers what they send, by API name. */
export function checkFields(ctx: ParameterSource, entries: Array<Field | FieldGroup>, inQuery: boolean, itemIndex?: number) {
	const node = nodeOf(ctx);
	const sent: IDataObject = {};
	const asAnswered: IDataObject = {};
	const put = (field: Field, given: unknown, raw: unknown) => {
		const value = checkValue(node, field, given, itemIndex, raw);
		if (value === undefined) return;
		sent[field.wire] = inQuery && typeof value === 'boolean' ? String(value) : value;
		const option =
			field.type === 'enum' && field.answeredAsLabel
				? optionFor(field.property.options as INodePropertyOptions[], given, field.aliases)
				: undefined;
		asAnswered[field.wire] = option ? option.name : value;
	};
	for (const entry of entries) {
		const { name, displayName } = entry.property;
		const raw = node.parameters[name];
		if (!('fields' in entry)) {
			put(entry, ctx.getNodeParameter(name, undefined), raw);
			continue;
		}
		const chosen = ctx.getNodeParameter(name, {});
		if (!chosen || typeof chosen !== 'object' || Array.isArray(chosen)) {
			throw inputError(node, `${displayName} is not a set of fields`, 'Add the fields one by one in the node.', itemIndex);
		}
		for (const field of entry.fields) {
			const key = field.property.name;
			if (key in chosen) put(field, (chosen as IDataObject)[key], (raw as IDataObject | undefined)?.[key]);
		}
	}
	if (inQuery) checkDateOrder(node, sent, itemIndex);
	return { sent, asAnswered };
}

function checkDateOrder(node: INode, qs: IDataObject, itemIndex?: number) {
	const { start_date: start, end_date: end } = qs;
	if (start && end && (parseApiDate(String(end), true) as Date) < (parseApiDate(String(start)) as Date)) {
		throw inputError(
			node,
			`End Date "${String(end)}" is before Start Date "${String(start)}"`,
			'Swap the two dates, or clear one of them.',
			itemIndex,
		);
	}
}

/** The item's request, from checked values: ids into the path (percent-encoded), fields into query or body. */
export function buildRequest(ctx: IExecuteSingleFunctions, spec: RequestSpec, base: IHttpRequestOptions): CheckedRequest {
	const node = nodeOf(ctx);
	const itemIndex = ctx.getItemIndex();
	const resource = RESOURCES[spec.resource] as Resource;
	const template = spec.path === 'item' ? (resource.item as string) : resource.list;
	const ids: Partial<Record<IdName, number>> = {};
	const pathIds: IDataObject = {};
	for (const name of idsInTemplate(template)) {
		const { label, field } = ID_PARAMETERS[name];
		ids[name] = checkId(node, label, ctx.getNodeParameter(name, undefined, { extractValue: true }), itemIndex);
		pathIds[field] = ids[name];
	}
	const query = checkFields(ctx, spec.query ?? [], true, itemIndex);
	const body = checkFields(ctx, spec.body ?? [], false, itemIndex);
	const options: IHttpRequestOptions = {
		...base,
		method: spec.method,
		url: fillPath(template, ids),
		qs: query.sent,
		body: spec.body ? body.sent : undefined,
		headers: { ...base.headers, ...(spec.form ? FORM_HEADERS : {}) },
		...(spec.binary ? { encoding: 'arraybuffer' as const } : {}),
	};
	const written = spec.body ? body : query;
	return { resource, options, pathIds, sent: written.sent, asAnswered: written.asAnswered };
}

/**
 * An operation's routing: the request it sends and the sender that sends it. n8n hands a routing's
 * pagination function the request only when `paginate` is set, so every operation sets it; that is
 * how every request, single or paged, is built from checked values and passes through the transport.
 */
export function route(spec: RequestSpec, sender: Sender = sendOne): INodePropertyRouting {
	return {
		request: { method: spec.method },
		send: { paginate: true },
		operations: {
			async pagination(requestData) {
				return await itemsOf(this).turn(
					async () => await sender.call(this, buildRequest(this, spec, requestData.options as IHttpRequestOptions)),
				);
			},
		},
	};
}

/**
 * n8n's RoutingNode prepares every input item before any request can leave, then starts them all at
 * once. Items take turns here, a few more at a time than requests may be in flight, so that each
 * item's own work (reading and checking its parameters, building its request) is done while earlier
 * items wait for their answers, instead of all before the first request.
 */
class ItemTurns {
	private active = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly size: number,
		private readonly onIdle: () => void,
	) {}

	async turn<T>(work: () => Promise<T>): Promise<T> {
		if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			return await work();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else if (--this.active === 0) this.onIdle();
		}
	}
}

const ITEMS_AT_A_TIME = 2 * MAX_IN_FLIGHT;
const turns = new Map<string, ItemTurns>();

/** The turns of one node in one execution; forgotten as soon as its last item is done. */
function itemsOf(ctx: IExecuteSingleFunctions): ItemTurns {
	const key = `${ctx.getExecutionId()}\u0000${nodeOf(ctx).name}`;
	let items = turns.get(key);
	if (!items) {
		items = new ItemTurns(ITEMS_AT_A_TIME, () => turns.delete(key));
		turns.set(key, items);
	}
	return items;
}

/** Sends the request through the transport, with the item's retry settings. */
export async function send(ctx: IExecuteSingleFunctions, request: CheckedRequest) {
	return await whatConvertsRequest(ctx, request.options, retrySettingsOf(ctx), ctx.getItemIndex(), request.resource);
}

/** A single object, bare or wrapped in a list envelope with one item (WhatConverts does both). */
export function singleObject(body: unknown, resource: Resource): IDataObject {
	const listPage = readListPage(body, resource);
	const object = listPage ? listPage.items[0] : body;
	return object && typeof object === 'object' && !Array.isArray(object) ? (object as IDataObject) : {};
}

/** One request, one item; the ids of the path are added when the answer lacks them. */
export const sendOne: Sender = async function (request) {
	const answer = await send(this, request);
	return [{ json: normaliseMaps({ ...request.pathIds, ...singleObject(answer.body, request.resource) }) }];
};

/** A GET beside the item's own request (a lookup, a read-back): same connection, its own URL and query. */
export function getBeside(request: CheckedRequest, url: string, qs: IDataObject = {}): IHttpRequestOptions {
	return { ...request.options, method: 'GET', url, qs, body: undefined, encoding: undefined, headers: { Accept: 'application/json' } };
}

/** One object of a resource read by its ids, e.g. `readOne(ctx, request, 'lead', { leadId: 7 })`, as output. */
export async function readOne(
	ctx: IExecuteSingleFunctions,
	request: CheckedRequest,
	name: ResourceName,
	ids: Partial<Record<IdName, number>>,
): Promise<IDataObject> {
	const resource = RESOURCES[name] as Resource;
	const options = getBeside(request, fillPath(resource.item as string, ids));
	const answer = await whatConvertsRequest(ctx, options, retrySettingsOf(ctx), ctx.getItemIndex(), resource);
	return normaliseMaps(singleObject(answer.body, resource));
}

/** Refuses an edit that changes nothing, before it is sent; else sends it as a write. */
export function sendEdit(changes: FieldGroup): Sender {
	return async function (request) {
		if (!changes.fields.some((field) => field.wire in request.sent)) {
			const names = changes.fields.map((field) => field.property.displayName);
			throw inputError(
				nodeOf(this),
				`${changes.property.displayName} is empty`,
				`Add at least one field to change: ${names.join(', ')}.`,
				this.getItemIndex(),
			);
		}
		return await sendWrite.call(this, request);
	};
}

/** How many items a Get Many returns: all (undefined), or its Limit, a whole number of 1 or more. */
export function limitOf(ctx: IExecuteSingleFunctions): number | undefined {
	const node = nodeOf(ctx);
	const itemIndex = ctx.getItemIndex();
	if (checkValue(node, RETURN_ALL, ctx.getNodeParameter('returnAll', false), itemIndex)) return undefined;
	const limit = ctx.getNodeParameter('limit', undefined);
	// An empty limit must not read everything: a limit is asked for, so one must be given.
	if (isEmpty(limit))
		throw inputError(node, 'Limit is empty', 'Enter how many results to return, e.g. 50, or turn on Return All.', itemIndex);
	return checkValue(node, LIMIT, limit, itemIndex) as number;
}

/** How many a list reads: the limit, and for an AI agent no more than one answer holds. */
export function maxResultsOf(ctx: IExecuteSingleFunctions): number | undefined {
	const limit = limitOf(ctx);
	return runsAsTool(ctx) ? Math.min(limit ?? Infinity, AGENT_LIMITS.items) : limit;
}

/** Every page of a list, or up to the limit, one item per entry (for an AI agent, one bounded answer). */
export const sendList: Sender = async function (request) {
	const { resource } = request;
	const limits = { maxResults: maxResultsOf(this) };
	const read = await readPages(this, resource, request.options, retrySettingsOf(this), limits, this.getItemIndex());
	const items = read.items.map((json) => normaliseMaps({ ...request.pathIds, ...json }));
	if (runsAsTool(this)) {
		return agentAnswer(
			items,
			{ count: read.total },
			resource.listKey as string,
			resource.plural,
			() => 'narrow the filters or the dates to reach them',
		);
	}
	return items.map((json) => ({ json }));
};

/**
 * A create or edit. WhatConverts may answer with the whole object or only its id (open point): an
 * id-only answer is completed without another request from what is known, the ids in the path and
 * the fields that were sent, named and written as WhatConverts writes them.
 */
export const sendWrite: Sender = async function (request) {
	const answer = await send(this, request);
	return [{ json: written(request, singleObject(answer.body, request.resource)) }];
};

/** What a create or edit puts out: the answer, or when it holds only the id, the id and what was sent. */
export function written(request: CheckedRequest, answer: IDataObject): IDataObject {
	const idField = request.resource.id?.field;
	if (!Object.keys(answer).every((key) => key === idField)) return normaliseMaps({ ...request.pathIds, ...answer });
	const fromRequest = Object.keys(request.asAnswered);
	return normaliseMaps({ ...request.pathIds, ...request.asAnswered, ...answer, fields_from_request: fromRequest });
}

/** Whether a create or edit's answer held only the id (so its other fields came from the request). */
export const isIdOnly = (json: IDataObject) => Array.isArray(json.fields_from_request);

/** A delete: one item that says what was deleted, e.g. `{ deleted: true, account_id: 1001 }`. */
export const sendDelete: Sender = async function (request) {
	await send(this, request);
	return [{ json: { deleted: true, ...request.pathIds } }];
};
