import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { nodeOf } from '../shared/node';
import { RecentMap } from '../shared/recentMap';
import { API_ROOT } from '../shared/resources';

export const CREDENTIAL_TYPE = 'whatConvertsApi';

/** The n8n contexts that send requests: a declarative item, an execution, a poll, a picker, a webhook hook. */
export type RequestContext = IExecuteSingleFunctions | IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions;

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
const connections = new RecentMap<Promise<Connection>>(10 * 60_000, 20);

/** What tells the node's credential from others: its id (or name), never its secret. */
export function credentialKey(ctx: RequestContext): string {
	const node = nodeOf(ctx);
	const credential = node.credentials?.[CREDENTIAL_TYPE];
	return credential?.id ?? credential?.name ?? node.id ?? node.name;
}

async function readConnection(ctx: RequestContext, key: string, executionId?: string): Promise<Connection> {
	const data = await ctx.getCredentials(CREDENTIAL_TYPE);
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
	return connections.getOrAdd(`${executionId}\u0000${key}`, () => readConnection(ctx, key, executionId)).value;
}
