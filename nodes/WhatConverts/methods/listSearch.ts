import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { idIn } from '../parameters/check';
import { nodeOf } from '../shared/node';
import type { Resource } from '../shared/resources';
import { fillPath, RESOURCES } from '../shared/resources';
import { DEFAULT_RETRY, isRefusedKey, jsonGet, readPages } from '../transport';

// Someone waits in the editor for the list: retry a crowded key for seconds, not minutes.
const PICKER_RETRY = { ...DEFAULT_RETRY, maxWaitMs: 10_000 };

/** Every page of a list, at the largest page size: a picker must not stop at page 1. */
async function listAll(ctx: ILoadOptionsFunctions, resource: Resource, url = resource.list): Promise<IDataObject[]> {
	return (await readPages(ctx, resource, jsonGet(url), PICKER_RETRY)).items;
}

/** The entries whose name contains the search text (or whose ID is it), sorted by name. */
function matching(entries: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = needle ? entries.filter((entry) => entry.name.toLowerCase().includes(needle) || String(entry.value) === needle) : entries;
	return { results: results.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The account chosen elsewhere in the node (top level or among the filters), when it is a plain ID. */
function chosenAccountId(ctx: ILoadOptionsFunctions): number | undefined {
	for (const path of ['accountId', 'filters.accountId']) {
		const id = idIn(ctx.getCurrentNodeParameter(path));
		if (id !== undefined) return id;
	}
	return undefined;
}

/**
 * A profile key cannot list accounts or profiles. Its own profile is named on any lead, tracking
 * number or form it reads (one request each, at most three), so the explanation can name it.
 */
async function profileKeyExplanation(ctx: ILoadOptionsFunctions): Promise<NodeOperationError> {
	let own = '';
	for (const resource of [RESOURCES.lead, RESOURCES.trackingNumber, RESOURCES.trackingForm]) {
		const [first] = (await readPages(ctx, resource, jsonGet(resource.list), PICKER_RETRY, { pageSize: 1, maxPages: 1 })).items;
		if (first?.profile_id) {
			own = `: ${String(first.profile ?? 'profile')} (ID ${String(first.profile_id)})`;
			break;
		}
	}
	return new NodeOperationError(nodeOf(ctx), `This API key is a profile key: it reaches only its own profile${own}`, {
		description:
			"Leave 'Profile' empty: with a profile key, WhatConverts reads and creates leads in the key's own profile. " +
			'To choose among accounts and profiles, use a master (agency) API key from Agency → Integrations → API Keys.',
	});
}

/** Accounts for the account pickers. A profile key gets the transport's "needs a master (agency) key" error. */
export async function searchAccounts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const accounts = await listAll(this, RESOURCES.account);
	return matching(
		accounts.map((account) => ({ name: String(account.account_name), value: String(account.account_id) })),
		filter,
	);
}

/**
 * Profiles for the profile pickers: those of the account chosen in the node (GET /accounts/{id}/profiles),
 * else every account's, from the account list that embeds them (the fewest requests: the largest page of accounts).
 */
export async function searchProfiles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const accountId = chosenAccountId(this);
	if (accountId) {
		const profiles = await listAll(this, RESOURCES.profile, fillPath(RESOURCES.profile.list, { accountId }));
		return matching(
			profiles.map((profile) => ({ name: String(profile.profile_name), value: String(profile.profile_id) })),
			filter,
		);
	}
	let accounts: IDataObject[];
	try {
		accounts = await listAll(this, RESOURCES.account);
	} catch (error) {
		if (isRefusedKey(error)) throw await profileKeyExplanation(this);
		// Already a NodeApiError from the transport: NodeApiError hands it back unchanged.
		throw new NodeApiError(nodeOf(this), error as JsonObject);
	}
	const profiles = accounts.flatMap((account) =>
		((account.profiles as IDataObject[] | undefined) ?? []).map((profile) => ({
			name: `${String(account.account_name)} / ${String(profile.profile_name)}`,
			value: String(profile.profile_id),
		})),
	);
	return matching(profiles, filter);
}
