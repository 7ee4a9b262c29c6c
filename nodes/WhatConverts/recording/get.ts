import type { IDataObject, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../shared/validation';
import { headerOf } from '../transport/errors';
import type { ApiAnswer } from '../transport/errors';
import { whatConvertsRequest } from '../transport/request';
import type { RoutedHandler } from '../transport/routing';
import { checkedRequest, retrySettingsOf, route } from '../transport/routing';

/** Why an answer is not a recording, or undefined when it is one. */
function notAudioReason(answer: ApiAnswer): string | undefined {
	const body = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(String(answer.body ?? ''));
	if (body.length === 0) return 'WhatConverts answered with an empty file';
	const type = headerOf(answer.headers, 'content-type') ?? '';
	const start = body.subarray(0, 64).toString('utf8').trimStart();
	if (/json|html|text\//i.test(type) || start.startsWith('{') || start.startsWith('<')) {
		return `WhatConverts answered with ${type || 'text'} instead of audio: "${start.slice(0, 60)}"`;
	}
	return undefined;
}

function noRecordingError(ctx: ThisParameterType<RoutedHandler>, leadId: string, reason: string, httpCode?: string): NodeApiError {
	const message = `Lead ${leadId} has no call recording to download`;
	return new NodeApiError(ctx.getNode(), { message, reason } as JsonObject, {
		message,
		description:
			`${reason}. Only phone-call leads that were recorded have a recording. ` +
			'Check the lead ID, that the lead is a recorded phone call, and that this API key reaches its profile.',
		httpCode: httpCode ?? 'none',
		itemIndex: ctx.getItemIndex(),
	});
}

/** GET /recording?lead_id=…: the MP3 bytes into the item's binary property, never an empty or non-audio file. */
const downloadRecording: RoutedHandler = async function (requestData) {
	const options = checkedRequest(this, requestData);
	const leadId = String((options.qs as IDataObject).lead_id ?? '');
	if (!leadId) throw inputError(this.getNode(), 'Lead ID is empty', 'Enter the ID of a phone-call lead, or map lead_id from an earlier node.', this.getItemIndex());
	let answer: ApiAnswer;
	try {
		answer = await whatConvertsRequest(this, options, retrySettingsOf(this), this.getItemIndex());
	} catch (error) {
		const { httpCode, errorResponse } = error as NodeApiError;
		// The API's "no recording" and "unknown lead" answers (400 or 404) say the same to the user.
		if (httpCode === '400' || httpCode === '404') {
			const said = String(errorResponse?.error_message ?? `status ${httpCode}`);
			throw noRecordingError(this, leadId, `WhatConverts said: "${said}"`, httpCode);
		}
		// Already a NodeApiError from the transport: NodeApiError hands it back unchanged.
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
	const reason = notAudioReason(answer);
	if (reason) throw noRecordingError(this, leadId, reason);
	const bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body as ArrayBuffer);
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', 'data') as string;
	const binary = await this.helpers.prepareBinaryData(bytes, `recording-${leadId}.mp3`, 'audio/mpeg');
	return [{ json: { lead_id: Number(leadId), size: bytes.length }, binary: { [binaryPropertyName]: binary } }];
};

export const recordingGetRouting = route({ method: 'GET', url: '/recording', encoding: 'arraybuffer' }, downloadRecording);

export const recordingGetDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['recording'], operation: ['get'] } },
	[
		{
			displayName: 'Lead ID',
			name: 'leadId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 12345678',
			description: 'The phone-call lead whose recording to download (lead_id)',
			routing: { send: { type: 'query', property: 'lead_id' } },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			hint: 'The name of the output binary field to put the MP3 file in',
		},
	],
);
