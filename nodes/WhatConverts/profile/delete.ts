import { deleteWarning } from '../shared/idFields';
import { route, sendDelete } from '../transport/routing';

export const profileDeleteRouting = route({ method: 'DELETE', resource: 'profile', path: 'item' }, sendDelete);

export const profileDeleteDescription = [
	deleteWarning('profile', 'WhatConverts deletes the profile together with all its tracking numbers and leads. This cannot be undone.'),
];
