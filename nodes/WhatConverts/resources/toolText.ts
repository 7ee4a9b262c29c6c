import { AGENT_LIMITS } from '../output/agentAnswer';
import type { Resource } from '../shared/resources';
import { DAILY_QUOTA, largestPage } from '../shared/resources';
import { formatCount } from '../shared/text';

// Sentences the AI-tool descriptions of several operations share.
export const MASTER_KEY_ONLY = 'Needs a master (agency) API key.';
export const DATE_FILTERS = 'Filters: start_date and end_date (ISO 8601 in UTC, e.g. 2025-01-31), order (asc or desc, by date created).';
export const CANNOT_UNDO = 'This cannot be undone: only call it when the user asked for exactly this.';

/** What a Get Many answers an agent and costs, for the resource's page size. */
export const listCost = (resource: Resource) =>
	`One call returns at most ${AGENT_LIMITS.items}; when more match, the answer says how many. One API request per ${largestPage(resource)} read.`;

/** The daily quotas of both kinds of key, as a tool description says them. */
export const DAILY_QUOTAS = `a daily quota of ${formatCount(DAILY_QUOTA.profile)} (profile key) or ${formatCount(DAILY_QUOTA.master)} (master key)`;
