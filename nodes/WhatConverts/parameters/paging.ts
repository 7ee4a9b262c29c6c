import type { INodeProperties } from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import type { ParameterSource } from './check';
import { checkValue, inputError, isEmpty } from './check';
import { typed } from './types';

export const RETURN_ALL = typed('boolean', {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
});

export const LIMIT = typed('count', {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
});

/** "Return All" and "Limit": every Get Many declares them, and the node declares each once for all. */
export const returnAllAndLimit: INodeProperties[] = [RETURN_ALL.property, LIMIT.property];

/** How many items a Get Many returns: all (undefined), or its Limit, a whole number of 1 or more. */
export function limitOf(ctx: ParameterSource, itemIndex?: number): number | undefined {
	const node = nodeOf(ctx);
	if (checkValue(node, RETURN_ALL, ctx.getNodeParameter('returnAll', false), itemIndex)) return undefined;
	const limit = ctx.getNodeParameter('limit', undefined);
	// An empty limit must not read everything: a limit is asked for, so one must be given.
	if (isEmpty(limit))
		throw inputError(node, 'Limit is empty', "Enter how many results to return, e.g. 50, or turn on 'Return All'.", itemIndex);
	return checkValue(node, LIMIT, limit, itemIndex);
}
