import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { nodeOf } from '../shared/node';

/**
 * One poll at a time for each trigger node of a workflow, and one cursor. n8n starts a poll at every
 * tick of the schedule whether or not the previous one has finished, and without durable poll cursors
 * both polls work on the same static data: both would emit the same leads. Polls run in one n8n
 * process only (the main, or the leader of several mains), so a lock of this process is enough.
 *
 * When an active workflow is saved (or deactivated and activated again), n8n activates a new workflow
 * object, with the static data saved so far, while a poll of the old one may still run. n8n 2.x
 * discards what that old poll returns; n8n 1.x emits it and saves the old object's cursor, which the
 * new object never sees: its next poll would emit the same leads again. So a poll that another
 * activation (other static data) meets while it runs is superseded: it keeps and emits nothing, and
 * the new activation's polls read its leads again from the cursor saved before it, in every n8n. With
 * durable cursors each poll has its own staged static data, and a poll that starts while another runs
 * is one n8n started after giving up on it, whose cursor it then refuses anyway.
 */
interface Turn {
	/** The static data the poll works on: the activation it belongs to. */
	data: IDataObject;
	/** When the lock lapses. */
	until: number;
	superseded: boolean;
}

const running = new Map<string, Turn>();

/**
 * A lock lapses after this long, in case a poll never ended: far longer than a poll takes, whose
 * every request gives up within minutes. The poll it lapsed on is superseded.
 */
const LONGEST_POLL_MS = 60 * 60_000;

export interface PollTurn {
	/** Whether another activation of the node polled (or the lock lapsed) meanwhile: this poll must keep and emit nothing. */
	readonly superseded: boolean;
	/** Gives the lock back. */
	end(): void;
}

/** Takes the node's lock for a poll on `data`, or undefined while another poll of the node holds it. */
export function startPoll(ctx: IPollFunctions, data: IDataObject): PollTurn | undefined {
	const key = `${ctx.getWorkflow().id ?? ''}\u0000${nodeOf(ctx).id}`;
	const now = Date.now();
	const held = running.get(key);
	if (held && held.until > now) {
		if (held.data !== data) held.superseded = true;
		return undefined;
	}
	if (held) held.superseded = true;
	const turn: Turn = { data, until: now + LONGEST_POLL_MS, superseded: false };
	running.set(key, turn);
	return {
		get superseded() {
			return turn.superseded;
		},
		end() {
			if (running.get(key) === turn) running.delete(key);
		},
	};
}
