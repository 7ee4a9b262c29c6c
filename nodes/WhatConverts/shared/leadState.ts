import type { IDataObject } from 'n8n-workflow';

// WhatConverts says a call, chat or text is still going on in lead_state ("In Progress", written
// "In Progess" in some answers) or in call_status; older deliveries carry only one of them.
const STILL_GOING = /\bin[\s_-]*progr?e?ss\b|\bringing\b|\bongoing\b/i;
const STATE_FIELDS = ['lead_state', 'call_status', 'chat_status'];

/** What a lead says of itself that shows it is still going on, e.g. `lead_state "In Progess"`; undefined when nothing does. */
export function stillGoing(lead: IDataObject): string | undefined {
	const field = STATE_FIELDS.find((name) => typeof lead[name] === 'string' && STILL_GOING.test(lead[name] as string));
	return field && `${field} "${String(lead[field])}"`;
}
