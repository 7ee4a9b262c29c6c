import { AGENT_LIMITS } from './agents';

// Sentences the tool descriptions of several resources share.
export const MASTER_KEY_ONLY = 'Needs a master (agency) API key.';
export const DATE_FILTERS = 'Filters: start_date and end_date (ISO 8601 in UTC, e.g. 2025-01-31), order (asc or desc, by date created).';
export const listCost = (perPage: number) =>
	`One call returns at most ${AGENT_LIMITS.items}; when more match, the answer says how many. One API request per ${perPage} read.`;
export const CANNOT_UNDO = 'This cannot be undone: only call it when the user asked for exactly this.';
