import type { INodeProperties } from 'n8n-workflow';

import { sendList } from '../output/senders';
import type { OutputChoice } from '../output/shape';
import { returnAllAndLimit } from '../parameters/paging';
import type { Parameter } from '../parameters/types';
import type { ResourceName } from '../shared/resources';
import { route } from '../routing/route';
import type { Operation, OperationText } from './operations';

/**
 * A Get Many that reads every page of a list, or up to its Limit, one item per entry: the ids of
 * its path first (e.g. the account of profiles), then Return All and Limit, then what it sends, then
 * Simplify (or an AI agent's Output) when its items have more than ten fields.
 */
export function getManyOperation(
	resource: ResourceName,
	text: OperationText,
	query: Parameter[],
	pathIds: INodeProperties[] = [],
	output?: OutputChoice,
): Operation {
	return {
		name: 'Get Many',
		value: 'getAll',
		...text,
		properties: [...pathIds, ...returnAllAndLimit, ...query.map((parameter) => parameter.property), ...(output?.properties ?? [])],
		routing: route({ method: 'GET', resource, path: 'list', query, paged: true, output }, sendList),
	};
}
