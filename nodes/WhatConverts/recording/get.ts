import type { IDataObject, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { runsAsTool } from '../shared/agents';
import { textField } from '../shared/fields';
import { leadId } from '../shared/idFields';
import { checkValue } from '../shared/params';
import { headerOf } from '../transport/errors';
import type { ApiAnswer } from '../transport/errors';
import type { CheckedRequest, Sender } from '../transport/routing';
import { readOne, route, send } from '../transport/routing';

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

function noRecordingError(ctx: ThisParameterType<Sender>, id: number, reason: string, httpCode?: string): NodeApiError {
	const message = `Lead ${id} has no call recording to download`;
	return new NodeApiError(ctx.getNode(), { message, reason } as JsonObject, {
		message,
		description:
			`${reason}. Only phone-call leads that were recorded have a recording. ` +
			'Check the lead ID, that the lead is a recorded phone call, and that this API key reaches its profile.',
		httpCode: httpCode ?? 'none',
		itemIndex: ctx.getItemIndex(),
	});
}

const binaryPropertyName = textField('Put Output File in Field', 'binaryPropertyName', {
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put the MP3 file in',
	// An AI agent gets the recording described, not the file.
	displayOptions: { hide: { '@tool': [true] } },
});

/** The recording's bytes; an answer that is no recording (none, empty, not audio) is an error that says so. */
async function recordingOf(ctx: ThisParameterType<Sender>, request: CheckedRequest, id: number): Promise<Buffer> {
	let answer: ApiAnswer;
	try {
		answer = await send(ctx, request);
	} catch (error) {
		const { httpCode, errorResponse } = error as NodeApiError;
		// The API's "no recording" and "unknown lead" answers (400 or 404) say the same to the user.
		if (httpCode === '400' || httpCode === '404') {
			const said = String(errorResponse?.error_message ?? `status ${httpCode}`);
			throw noRecordingError(ctx, id, `WhatConverts said: "${said}"`, httpCode);
		}
		// Already a NodeApiError from the transport: NodeApiError hands it back unchanged.
		throw new NodeApiError(ctx.getNode(), error as JsonObject);
	}
	const reason = notAudioReason(answer);
	if (reason) throw noRecordingError(ctx, id, reason);
	return Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body as ArrayBuffer);
}

// What an AI agent can use of a recording: it cannot play an MP3, but can cite, link and read it.
const CALL_FIELDS = [
	'lead_type',
	'call_duration',
	'call_duration_seconds',
	'call_status',
	'answer_status',
	'recording',
	'play_recording',
	'call_transcription',
	'voicemail_transcription',
];

/** For an AI agent: the call's recording described (the lead, then the recording to measure it). */
async function describeRecording(ctx: ThisParameterType<Sender>, request: CheckedRequest, id: number): Promise<INodeExecutionData[]> {
	const found = await readOne(ctx, request, 'lead', { leadId: id });
	const json: IDataObject = { lead_id: id, ...Object.fromEntries(CALL_FIELDS.map((field) => [field, found[field] ?? null])) };
	if (!found.recording) return [{ json: { ...json, has_recording: false, size: null } }];
	const bytes = await recordingOf(ctx, request, id);
	return [{ json: { ...json, has_recording: true, size: bytes.length, content_type: 'audio/mpeg' } }];
}

/** GET /recording?lead_id=…: the MP3 bytes into the item's binary property, never an empty or non-audio file. */
const downloadRecording: Sender = async function (request) {
	const id = request.sent.lead_id as number;
	if (runsAsTool(this)) return await describeRecording(this, request, id);
	const property = checkValue(
		this.getNode(),
		binaryPropertyName,
		this.getNodeParameter('binaryPropertyName', 'data'),
		this.getItemIndex(),
	) as string;
	const bytes = await recordingOf(this, request, id);
	const binary = await this.helpers.prepareBinaryData(bytes, `recording-${id}.mp3`, 'audio/mpeg');
	return [{ json: { lead_id: id, size: bytes.length }, binary: { [property]: binary } }];
};

export const recordingGetRouting = route(
	{ method: 'GET', resource: 'recording', path: 'list', query: [leadId], binary: true },
	downloadRecording,
);

export const recordingGetDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['recording'], operation: ['get'] } }, [
	binaryPropertyName.property,
]);
