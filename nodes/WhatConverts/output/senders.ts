import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { CheckedRequest, Sender } from '../routing/build';
import { readPages, sendRequest, singleObject } from '../transport';
import { agentAnswer, runsAsTool } from './agentAnswer';
import { normaliseMaps } from './normalise';
import { shapedAsAsked } from './shape';

// The output steps of the operations: each sends the item's checked request through the transport
// and shapes what WhatConverts answered into the node's items.

/** Sends the item's request through the transport, with the item's retry settings. */
export async function send(ctx: IExecuteSingleFunctions, request: CheckedRequest) {
	return await sendRequest(ctx, request.options, request.retry, request.itemIndex, request.resource);
}

/** One request, one item; the ids of the path are added when the answer lacks them. Shaped as Simplify or Output asks. */
export const sendOne: Sender = async function (request) {
	const answer = await send(this, request);
	return shapedAsAsked(request, [{ json: normaliseMaps({ ...request.pathIds, ...singleObject(answer.body, request.resource) }) }]);
};

/** Every page of a list, or up to the limit, one item per entry (for an AI agent, one bounded answer). */
export const sendList: Sender = async function (request) {
	const { resource, maxResults } = request;
	const read = await readPages(this, resource, request.options, request.retry, { maxResults }, request.itemIndex);
	const items = shapedAsAsked(
		request,
		read.items.map((json) => ({ json: normaliseMaps({ ...request.pathIds, ...json }) })),
	).map((item) => item.json);
	if (runsAsTool(this)) {
		return agentAnswer(
			items,
			{ count: read.total },
			// a resource with a Get Many has its list key
			resource.listKey as string,
			resource.plural,
			() => 'narrow the filters or the dates to reach them',
		);
	}
	return items.map((json) => ({ json }));
};

/**
 * A create or edit. WhatConverts may answer with the whole object or only its id: an id-only answer
 * is completed without another request from what is known, the ids in the path and the fields that
 * were sent, named and written as WhatConverts writes them.
 */
export const sendWrite: Sender = async function (request) {
	const answer = await send(this, request);
	return [{ json: writeResult(request, singleObject(answer.body, request.resource)) }];
};

/** What a create or edit puts out: the answer, or when it holds only the id, the id and what was sent. */
export function writeResult(request: CheckedRequest, answer: IDataObject): IDataObject {
	const idField = request.resource.id?.field;
	if (!Object.keys(answer).every((key) => key === idField)) return normaliseMaps({ ...request.pathIds, ...answer });
	const fromRequest = Object.keys(request.answerForm);
	return normaliseMaps({ ...request.pathIds, ...request.answerForm, ...answer, fields_from_request: fromRequest });
}

/** Whether a create or edit's answer held only the id (so its other fields came from the request). */
export const isIdOnly = (json: IDataObject) => Array.isArray(json.fields_from_request);

/**
 * A delete: one item that says what was deleted, e.g. `{ deleted: true, account_id: 1001 }`. When an
 * attempt's answer was lost and the retry was told the item does not exist, that attempt deleted it: a
 * note says so.
 */
export const sendDelete: Sender = async function (request) {
	const answer = await send(this, request);
	const json: IDataObject = { deleted: true, ...request.pathIds };
	if (answer.goneAfter) {
		const { lostAnswer, said } = answer.goneAfter;
		json.note =
			`An earlier attempt of this delete ${lostAnswer}, and the retry was told the ${request.resource.noun} does not exist` +
			`${said ? ` ("${said}")` : ''}: that attempt deleted it.`;
	}
	return [{ json }];
};
