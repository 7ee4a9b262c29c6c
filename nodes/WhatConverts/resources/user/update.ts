import { sendWrite } from '../../output/senders';
import { group } from '../../parameters/types';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { emailField, USER_TYPES_FOR_AGENTS, userBodyFields, userIdField, userTypeField } from './parameters';

const updateFields = group(
	{ displayName: 'Update Fields', name: 'updateFields' },
	[
		...userBodyFields,
		emailField("The user's new email address", false),
		userTypeField('Change the user to an agency user or an account user', false),
	].sort((a, b) => a.property.displayName.localeCompare(b.property.displayName)),
);

export const userUpdate: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a user',
	description:
		"Change a user's email, type, role, notifications or accounts. Outputs the user; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.",
	forAgents: `Changes the user user_id: email, ${USER_TYPES_FOR_AGENTS}, role_id, new-account notifications, accounts (the list replaces the current one). Returns the user. ${MASTER_KEY_ONLY} One API request.`,
	properties: [userIdField.property, updateFields.property],
	// WhatConverts edits a user with a POST to /users itself, naming the user in the JSON body.
	routing: route({ method: 'POST', resource: 'user', path: 'list', body: [userIdField, updateFields], changes: updateFields }, sendWrite),
};
