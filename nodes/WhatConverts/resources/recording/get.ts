import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { runsAsTool } from '../../output/agentAnswer';
import { send } from '../../output/senders';
import { textField } from '../../parameters/builders';
import type { CheckedRequest, Sender } from '../../routing/build';
import { route } from '../../routing/route';
import { nodeOf } from '../../shared/node';
import { RESOURCES } from '../../shared/resources';
import type { ApiAnswer } from '../../transport';
import { headerOf, readOne } from '../../transport';
import { leadIdField } from '../lead/parameters';
import type { Operation } from '../operations';

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

function noRecordingError(ctx: IExecuteSingleFunctions, id: number, reason: string, httpCode?: string): NodeApiError {
	const message = `Lead ${id} has no call recording to download`;
	return new NodeApiError(nodeOf(ctx), { message, reason } as JsonObject, {
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
async function recordingOf(ctx: IExecuteSingleFunctions, request: CheckedRequest, id: number): Promise<Buffer> {
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
		throw new NodeApiError(nodeOf(ctx), error as JsonObject);
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
async function describeRecording(ctx: IExecuteSingleFunctions, request: CheckedRequest, id: number): Promise<INodeExecutionData[]> {
	const found = await readOne(ctx, RESOURCES.lead, { leadId: id }, request.retry, request.itemIndex, request.options);
	const json: IDataObject = { lead_id: id, ...Object.fromEntries(CALL_FIELDS.map((field) => [field, found[field] ?? null])) };
	if (!found.recording) return [{ json: { ...json, has_recording: false, size: null } }];
	const bytes = await recordingOf(ctx, request, id);
	return [{ json: { ...json, has_recording: true, size: bytes.length, content_type: 'audio/mpeg' } }];
}

/** GET /recording?lead_id=…: the MP3 bytes into the item's binary property, never an empty or non-audio file. */
const downloadRecording: Sender<typeof binaryPropertyName> = async function (request) {
	// the query's Lead ID, checked as an ID (`sent` goes by API name, not typed by field)
	const id = request.sent.lead_id as number;
	if (runsAsTool(this)) return await describeRecording(this, request, id);
	const bytes = await recordingOf(this, request, id);
	const binary = await this.helpers.prepareBinaryData(bytes, `recording-${id}.mp3`, 'audio/mpeg');
	return [{ json: { lead_id: id, size: bytes.length }, binary: { [request.unsent.binaryPropertyName]: binary } }];
};

export const recordingGet: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Download a call recording',
	description:
		'Download the MP3 recording of a phone-call lead as a binary file (audio/mpeg), e.g. for transcription. Stops with a clear message when the lead has no recording.',
	forAgents:
		"Describes the call recording of a phone-call lead, by lead_id: the call's duration, the recording and play URLs as WhatConverts gives them, the recording's size in bytes, and the call and voicemail transcriptions when the lead has them. Two API requests (the lead, then the recording to measure it); one when the lead has no recording.",
	properties: [leadIdField.property, binaryPropertyName.property],
	routing: route(
		{ method: 'GET', resource: 'recording', path: 'list', query: [leadIdField], unsent: [binaryPropertyName], binary: true },
		downloadRecording,
	),
};
