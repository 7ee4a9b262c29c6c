import type { IDataObject } from 'n8n-workflow';

import { LEAD_TYPES } from '../parameters/enums';
import { optionFor } from '../parameters/optionMatch';

/**
 * The lead types that can be in progress: WhatConverts lists and sends a call or a chat while it
 * goes on, then again when it ends (its last_updated is then its end). Every other type is sent once
 * and judged as any lead, whatever its lead_state says (a text may read "In Progess"). Both triggers
 * read this.
 */
const LIVE_TYPES: readonly string[] = ['phone_call', 'chat'];

// WhatConverts says a call or chat is still going on in lead_state ("In Progress", written
// "In Progess" in some answers) or in call_status; older deliveries carry only one of them.
const STILL_GOING = /\bin[\s_-]*progr?e?ss\b|\bringing\b|\bongoing\b/i;
const STATE_FIELDS = ['lead_state', 'call_status', 'chat_status'];

/** lead_type as written → live or not (undefined: no type WhatConverts documents); a few dozen labels at most. */
const liveByType = new Map<unknown, boolean | undefined>();

/** Whether the lead is a call or a chat; undefined when its lead_type is none WhatConverts documents. */
export function isLive(lead: IDataObject): boolean | undefined {
	if (liveByType.has(lead.lead_type)) return liveByType.get(lead.lead_type);
	const type = optionFor(LEAD_TYPES, lead.lead_type)?.value;
	const live = type === undefined ? undefined : LIVE_TYPES.includes(String(type));
	if (liveByType.size < 100) liveByType.set(lead.lead_type, live);
	return live;
}

/**
 * What a call or chat says of itself that shows it is still going on, e.g. `lead_state "In Progess"`;
 * undefined when nothing does, and for every other type. A lead of no known type may be a call: what
 * it says decides.
 */
export function stillGoing(lead: IDataObject): string | undefined {
	if (isLive(lead) === false) return undefined;
	const field = STATE_FIELDS.find((name) => {
		const value = lead[name];
		return typeof value === 'string' && STILL_GOING.test(value);
	});
	return field && `${field} "${String(lead[field])}"`;
}
