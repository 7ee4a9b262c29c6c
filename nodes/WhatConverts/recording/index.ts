import type { INodeProperties } from 'n8n-workflow';

import { operationList } from '../shared/operations';
import { recordingGetDescription, recordingGetRouting } from './get';

export const recordingOperations = operationList(
	'recording',
	[
		{
			name: 'Get',
			value: 'get',
			action: 'Download a call recording',
			description:
				'Download the MP3 recording of a phone-call lead as a binary file (audio/mpeg), e.g. for transcription. Fails clearly when the lead has no recording.',
			forAgents:
				"Describes the call recording of a phone-call lead, by lead_id: the call's duration, the recording and play URLs as WhatConverts gives them, the recording's size in bytes, and the call and voicemail transcriptions when the lead has them. Two API requests (the lead, then the recording to measure it); one when the lead has no recording.",
			routing: recordingGetRouting,
		},
	],
	'get',
);

export const recordingFields: INodeProperties[] = [...recordingGetDescription];
