import { route, sendWrite } from '../transport/routing';
import { profileName } from './fields';

export const profileCreateRouting = route(
	{ method: 'POST', resource: 'profile', path: 'list', body: [profileName], form: true },
	sendWrite,
);
