import type { INodeProperties } from 'n8n-workflow';

export const leadIdField: INodeProperties = {
	displayName: 'Lead ID',
	name: 'leadId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '12345678',
	description: 'The WhatConverts lead ID (lead_id)',
	displayOptions: { show: { resource: ['lead'], operation: ['get', 'update'] } },
};
