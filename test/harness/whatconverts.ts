/** Glue between the test server and the n8n harness: credentials and common parameters. */
import type { ApiKey, ServerOptions } from '../server';
import { WhatConvertsServer } from '../server';

/** The test file's WhatConverts server: started once, back to its seed data before each test. */
export function useServer(options?: ServerOptions): WhatConvertsServer {
	const server = new WhatConvertsServer(options);
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => server.reseed());
	return server;
}

export function credentialsFor(server: WhatConvertsServer, key: ApiKey = server.keys.profile) {
	return { apiToken: key.token, apiSecret: key.secret, baseUrl: server.baseUrl };
}

/** Retry settings that keep tests quick: a Retry-After of 0 or short backoffs. */
export const QUICK_RETRIES = { maxRetries: 3, maxWaitSeconds: 10 };

/** Every string that would reveal a key: the secret, the token and the Basic header. */
export function secretsOf(key: ApiKey): string[] {
	return [key.secret, Buffer.from(`${key.token}:${key.secret}`).toString('base64')];
}

/** What Simplify keeps of a lead, written out here, apart from the node's own list: ten fields, the most used first. */
export const SIMPLE_KEYS = [
	'lead_id',
	'lead_type',
	'lead_status',
	'date_created',
	'contact_name',
	'contact_email_address',
	'contact_phone_number',
	'lead_source',
	'lead_medium',
	'quote_value',
];
