import { route, sendWrite } from '../transport/routing';
import { accountName } from './fields';

// WhatConverts renames an account with a POST to its URL.
export const accountUpdateRouting = route(
	{ method: 'POST', resource: 'account', path: 'item', body: [accountName], form: true },
	sendWrite,
);
