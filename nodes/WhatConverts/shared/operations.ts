import type { INodeProperties, INodePropertyRouting } from 'n8n-workflow';

/** One operation of a resource: what the editor lists, what it sends, and what an AI agent is told. */
export interface Operation {
	name: string;
	value: string;
	/** the editor's action, e.g. "Get many leads" */
	action: string;
	description: string;
	/** the tool description an AI agent reads: what it returns, its filters and values, its cost */
	forAgents: string;
	routing: INodePropertyRouting;
}

/**
 * A resource's Operation list, and for the node's AI tool variant one Description per operation.
 * n8n would otherwise tell the model only the action ("Get many leads in WhatConverts").
 */
export function operationList(resource: string, operations: Operation[], defaultOperation: string): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operations.map(({ name, value, action, description, routing }) => ({ name, value, action, description, routing })),
			default: defaultOperation,
		},
		...operations.map(
			({ value, forAgents }): INodeProperties => ({
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				typeOptions: { rows: 6 },
				default: forAgents,
				description: 'What the AI agent is told this tool does, returns and costs',
				displayOptions: { show: { '@tool': [true], resource: [resource], operation: [value] } },
			}),
		),
	];
}
