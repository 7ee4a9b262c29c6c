import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { nodeOf } from '../shared/node';

/** n8n runs a node as an AI agent's tool under the type name "<node>Tool". */
export function runsAsTool(ctx: { getNode(): INode }): boolean {
	return nodeOf(ctx).type.endsWith('Tool');
}

/** The most one tool call answers with: the rest is counted and left for the agent to ask for. */
export const AGENT_LIMITS = { items: 100, bytes: 100_000 };

/**
 * A list as one answer for an AI agent: the items (at most 100, at most about 100 KB), how many
 * match in all, and, when some were left out, how to reach them.
 */
export function agentAnswer(
	items: IDataObject[],
	total: { count?: number; atLeast?: boolean },
	key: string,
	plural: string,
	narrow: (last: IDataObject) => string,
): INodeExecutionData[] {
	const returned: IDataObject[] = [];
	let bytes = 0;
	for (const item of items.slice(0, AGENT_LIMITS.items)) {
		bytes += JSON.stringify(item).length;
		if (bytes > AGENT_LIMITS.bytes && returned.length) break;
		returned.push(item);
	}
	const all = Math.max(total.count ?? items.length, items.length);
	const answer: IDataObject = { returned: returned.length, total: total.atLeast ? `at least ${all}` : all };
	if (all > returned.length) {
		const more = `${total.atLeast ? 'at least ' : ''}${all - returned.length}`;
		answer.note = `${more} more ${plural} match and were not returned: ${narrow(returned[returned.length - 1])}.`;
	}
	answer[key] = returned;
	return [{ json: answer }];
}
