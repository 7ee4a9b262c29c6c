import type { IPollFunctions } from 'n8n-workflow';

import { nodeOf } from '../shared/node';

/**
 * One poll at a time for each trigger node of a workflow. n8n starts a poll at every tick of the
 * schedule whether or not the previous one has finished, and without durable poll cursors both polls
 * work on the same static data: both would emit the same leads. Polls run in one n8n process only
 * (the main, or the leader of several mains), so a lock of this process is enough; with durable poll
 * cursors n8n besides refuses the cursor and the execution of a poll it has given up on.
 */
const running = new Map<string, number>();

/**
 * A lock lapses after this long, in case a poll never ended: far longer than a poll takes, whose
 * every request gives up within minutes.
 */
const LONGEST_POLL_MS = 60 * 60_000;

/** Takes the node's lock, or undefined while another poll of it holds it; returns the function that gives it back. */
export function startPoll(ctx: IPollFunctions): (() => void) | undefined {
	const key = `${ctx.getWorkflow().id ?? ''}\u0000${nodeOf(ctx).id}`;
	const now = Date.now();
	const until = running.get(key);
	if (until !== undefined && until > now) return undefined;
	const mine = now + LONGEST_POLL_MS;
	running.set(key, mine);
	return () => {
		if (running.get(key) === mine) running.delete(key);
	};
}
