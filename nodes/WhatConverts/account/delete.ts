import { deleteWarning } from '../shared/idFields';
import { route, sendDelete } from '../transport/routing';

export const accountDeleteRouting = route({ method: 'DELETE', resource: 'account', path: 'item' }, sendDelete);

export const accountDeleteDescription = [
	deleteWarning(
		'account',
		'WhatConverts deletes the account together with all its profiles, tracking numbers and leads. This cannot be undone.',
	),
];
