import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from './request';
import { CREDENTIAL_TYPE } from './request';

export const DEFAULT_BASE_URL = 'https://app.whatconverts.com/api/v1';

/**
 * The API root for a programmatic node (a trigger): the credential's Base URL without trailing
 * slashes, as the declarative node's requestDefaults compute it.
 */
export async function apiBaseUrl(ctx: RequestContext): Promise<string> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as IDataObject;
	const configured = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (configured || DEFAULT_BASE_URL).replace(/\/+$/, '');
}
