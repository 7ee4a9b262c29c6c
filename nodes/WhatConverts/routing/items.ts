import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { boundedForAgent, runsAsTool } from '../output/agentAnswer';
import { nodeOf } from '../shared/node';

/**
 * An item's output as the node puts it out: each item paired with its input item (n8n pairs nothing
 * a declarative Get Many returns), and for an AI agent each answer bounded to about 100 KB.
 */
export function itemsOut(ctx: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
	const pairedItem = { item: ctx.getItemIndex() };
	const tool = runsAsTool(ctx);
	return items.map((item) => ({ ...(tool ? boundedForAgent(item) : item), pairedItem: item.pairedItem ?? pairedItem }));
}

/**
 * An item that failed: with Continue On Fail, an error item paired with its input item (n8n's
 * RoutingNode would put it out unpaired); otherwise the error, naming the item.
 */
export function failedItem(ctx: IExecuteSingleFunctions, error: unknown): INodeExecutionData[] {
	const itemIndex = ctx.getItemIndex();
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(nodeOf(ctx), error instanceof Error ? error : String(error), { itemIndex });
	nodeError.context.itemIndex ??= itemIndex;
	if (!ctx.continueOnFail()) throw nodeError;
	return [{ json: {}, error: nodeError, pairedItem: { item: itemIndex } }];
}
