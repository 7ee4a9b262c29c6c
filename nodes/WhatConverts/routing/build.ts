import type {
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { AGENT_LIMITS, runsAsTool } from '../output/agentAnswer';
import type { OutputChoice, OutputShape } from '../output/shape';
import { checkFields, checkId, checkSettings, inputError } from '../parameters/check';
import { limitOf } from '../parameters/paging';
import { retrySettingsOf } from '../parameters/rateLimit';
import type { FieldGroup, Parameter, Settings } from '../parameters/types';
import { nodeOf } from '../shared/node';
import type { IdName, Resource, ResourceName } from '../shared/resources';
import { fillPath, ID_PARAMETERS, idsInTemplate, RESOURCES } from '../shared/resources';
import type { RetrySettings } from '../transport';

/**
 * What one operation sends and reads: the method, the resource table's path, and the typed
 * parameters. Every one of them is checked before the item's first request.
 */
export interface RequestSpec<P extends Parameter = Parameter> {
	method: 'GET' | 'POST' | 'DELETE';
	resource: ResourceName;
	/** the resource's list path or one item's path (its ids come from the node's id parameters) */
	path: 'list' | 'item';
	/** parameters sent in the query string */
	query?: Parameter[];
	/** parameters sent in the body */
	body?: Parameter[];
	/** parameters the operation reads but does not send (Read Back, Find or Create's match...) */
	unsent?: P[];
	/** a Get Many: Return All and Limit say how many to read */
	paged?: boolean;
	/** an edit: refused when it changes none of these fields */
	changes?: FieldGroup;
	/** WhatConverts reads creates and edits of accounts, profiles and leads as forms; users as JSON */
	form?: boolean;
	/** the answer is bytes (a recording), not JSON */
	binary?: boolean;
	/** answers of more than ten fields: Simplify, or for an AI agent Output */
	output?: OutputChoice;
}

/** An item's request, built from checked values only, with everything else the operation checked. */
export interface CheckedRequest<P extends Parameter = Parameter> {
	resource: Resource;
	options: IHttpRequestOptions;
	/** the ids in the path, by their API names: { account_id: 1001, profile_id: 2001 } */
	pathIds: IDataObject;
	/** the checked values of the body (or, for reads, the query), by their API names */
	sent: IDataObject;
	/** the same values as WhatConverts writes them in its answers: enums as their labels */
	answerForm: IDataObject;
	/** the checked parameters that are not sent, by parameter name */
	unsent: Settings<P>;
	/** a Get Many: how many to read (undefined: all); for an AI agent, no more than one answer holds */
	maxResults?: number;
	/** the item's Rate Limit Handling */
	retry: RetrySettings;
	/** how the answer comes out, when the operation offers a choice */
	output?: { choice: OutputChoice; shape: OutputShape };
	itemIndex: number;
}

/** Sends a checked request and turns the answer into the operation's items. */
export type Sender<P extends Parameter = Parameter> = (
	this: IExecutePaginationFunctions,
	request: CheckedRequest<P>,
) => Promise<INodeExecutionData[]>;

const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** The item's request, from checked values: ids into the path (percent-encoded), fields into query or body. */
export function buildRequest<P extends Parameter>(
	ctx: IExecuteSingleFunctions,
	spec: RequestSpec<P>,
	base: IHttpRequestOptions,
): CheckedRequest<P> {
	const node = nodeOf(ctx);
	const itemIndex = ctx.getItemIndex();
	const resource = RESOURCES[spec.resource] as Resource;
	// an operation on one item is declared only for a resource with an item path
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
	const unsent = checkSettings(ctx, spec.unsent ?? [], itemIndex);
	const output = spec.output ? { choice: spec.output, shape: spec.output.read(ctx, itemIndex) } : undefined;
	let maxResults: number | undefined;
	if (spec.paged) {
		const limit = limitOf(ctx, itemIndex);
		maxResults = runsAsTool(ctx) ? Math.min(limit ?? Infinity, AGENT_LIMITS.items) : limit;
	}
	if (spec.changes && !spec.changes.fields.some((field) => field.apiName in body.sent)) {
		const names = spec.changes.fields.map((field) => `'${field.property.displayName}'`);
		throw inputError(
			node,
			`${spec.changes.property.displayName} is empty`,
			`Add at least one field to change: ${names.join(', ')}.`,
			itemIndex,
		);
	}
	const options: IHttpRequestOptions = {
		...base,
		method: spec.method,
		url: fillPath(template, ids),
		qs: query.sent,
		body: spec.body ? body.sent : undefined,
		headers: { ...base.headers, ...(spec.form ? FORM_HEADERS : {}) },
		...(spec.binary ? { encoding: 'arraybuffer' as const } : {}),
	};
	const carried = spec.body ? body : query;
	return {
		resource,
		options,
		pathIds,
		sent: carried.sent,
		answerForm: carried.answerForm,
		unsent,
		maxResults,
		retry: retrySettingsOf(ctx, itemIndex),
		output,
		itemIndex,
	};
}
