import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, INode } from 'n8n-workflow';

import { RecentMap } from '../shared/recentMap';
import { API_ROOT } from '../shared/resources';
import type { RequestContext } from './request';

export const CREDENTIAL_TYPE = 'whatConvertsApi';

/** Where and as whom the requests of one node run go. */
export interface Connection {
	/** the API root, from the credential's Base URL without trailing slashes */
	baseURL: string;
	/** the credential, decrypted once and handed to n8n for every request */
	credential: ICredentialsDecrypted;
	/** the limiter's key: the credential's id, never its secret */
	key: string;
	executionId?: string;
}

// n8n reads and decrypts a credential on every request that does not bring it along. All items of
// one execution share one reading; a few recent executions are kept, none for long.
const kept = new RecentMap<Promise<Connection>>(10 * 60_000, 20);

// n8n hands out a deep copy of the node on every getNode(): an item's work asks for it often.
const nodes = new WeakMap<object, INode>();

/** The context's node, copied once per context (per item, for a declarative node). */
export function nodeOf(ctx: { getNode(): INode }): INode {
	let node = nodes.get(ctx);
	if (!node) {
		node = ctx.getNode();
		nodes.set(ctx, node);
	}
	return node;
}

function credentialKey(ctx: RequestContext): string {
	const node = nodeOf(ctx);
	const credential = node.credentials?.[CREDENTIAL_TYPE];
	return credential?.id ?? credential?.name ?? node.id ?? node.name;
}

async function readConnection(ctx: RequestContext, key: string, executionId?: string): Promise<Connection> {
	const data = (await ctx.getCredentials(CREDENTIAL_TYPE)) as ICredentialDataDecryptedObject;
	const configured = typeof data.baseUrl === 'string' ? data.baseUrl.trim() : '';
	const reference = nodeOf(ctx).credentials?.[CREDENTIAL_TYPE];
	return {
		baseURL: (configured || API_ROOT).replace(/\/+$/, ''),
		credential: { id: reference?.id ?? key, name: reference?.name ?? '', type: CREDENTIAL_TYPE, data },
		key,
		executionId,
	};
}

/** The node's connection; within an execution, read once for all its items. */
export function connectionOf(ctx: RequestContext): Promise<Connection> {
	const key = credentialKey(ctx);
	const executionId = 'getExecutionId' in ctx ? ctx.getExecutionId() : undefined;
	if (!executionId) return readConnection(ctx, key);
	return kept.getOrAdd(`${executionId}\u0000${key}`, () => readConnection(ctx, key, executionId)).value;
}
