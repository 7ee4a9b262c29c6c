import type { IExecuteSingleFunctions, IHttpRequestOptions, INodePropertyRouting } from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import { MAX_IN_FLIGHT } from '../transport';
import type { Parameter } from '../parameters/types';
import type { RequestSpec, Sender } from './build';
import { buildRequest } from './build';
import { failedItem, itemsOut } from './items';

/**
 * An operation's routing: the request it sends and the sender that sends it. n8n hands a routing's
 * pagination function the request only when `paginate` is set, so every operation sets it; that is
 * how every request, single or paged, is built from checked values and passes through the transport.
 */
export function route<P extends Parameter>(spec: RequestSpec<P>, sender: Sender<P>): INodePropertyRouting {
	return {
		request: { method: spec.method },
		send: { paginate: true },
		operations: {
			async pagination(requestData) {
				return await itemsOf(this).turn(async () => {
					try {
						return itemsOut(this, await sender.call(this, buildRequest(this, spec, requestData.options as IHttpRequestOptions)));
					} catch (error) {
						return failedItem(this, error);
					}
				});
			},
		},
	};
}

/**
 * n8n's RoutingNode prepares every input item before any request can leave, then starts them all at
 * once. Items take turns here, a few more at a time than requests may be in flight, so that each
 * item's own work (reading and checking its parameters, building its request) is done while earlier
 * items wait for their answers, instead of all before the first request.
 */
class ItemTurns {
	private active = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly size: number,
		private readonly onIdle: () => void,
	) {}

	async turn<T>(work: () => Promise<T>): Promise<T> {
		if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			return await work();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else if (--this.active === 0) this.onIdle();
		}
	}
}

const ITEMS_AT_A_TIME = 2 * MAX_IN_FLIGHT;
const turns = new Map<string, ItemTurns>();

/** The turns of one node in one execution; forgotten as soon as its last item is done. */
function itemsOf(ctx: IExecuteSingleFunctions): ItemTurns {
	const key = `${ctx.getExecutionId()}\u0000${nodeOf(ctx).name}`;
	let items = turns.get(key);
	if (!items) {
		items = new ItemTurns(ITEMS_AT_A_TIME, () => turns.delete(key));
		turns.set(key, items);
	}
	return items;
}
