import { route, sendWrite } from '../transport/routing';
import { profileName } from './fields';

// WhatConverts renames a profile with a POST to its URL.
export const profileUpdateRouting = route(
	{ method: 'POST', resource: 'profile', path: 'item', body: [profileName], form: true },
	sendWrite,
);
