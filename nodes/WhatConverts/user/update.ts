import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userId } from '../shared/idFields';
import { group } from '../shared/params';
import { route, sendEdit } from '../transport/routing';
import { emailField, userBodyFields, userTypeField } from './fields';

const updateFields = group(
	{ displayName: 'Update Fields', name: 'updateFields' },
	[
		...userBodyFields,
		emailField("The user's new email address", false),
		userTypeField('Change the user to an agency user or an account user', false),
	].sort((a, b) => a.property.displayName.localeCompare(b.property.displayName)),
);

// WhatConverts edits a user with a POST to /users itself, naming the user in the JSON body.
export const userUpdateRouting = route(
	{ method: 'POST', resource: 'user', path: 'list', body: [userId, updateFields] },
	sendEdit(updateFields),
);

export const userUpdateDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, [
	updateFields.property,
]);
