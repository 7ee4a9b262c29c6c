import type { INodeProperties } from 'n8n-workflow';

import { recordingGetDescription, recordingGetRouting } from './get';

export const recordingOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['recording'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Download a call recording',
			description:
				'Download the MP3 recording of a phone-call lead as a binary file (audio/mpeg), e.g. for transcription. Fails clearly when the lead has no recording.',
			routing: recordingGetRouting,
		},
	],
	default: 'get',
};

export const recordingFields: INodeProperties[] = [...recordingGetDescription];
