import { sendWrite } from '../../output/senders';
import { group } from '../../parameters/types';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { emailField, USER_TYPES_FOR_AGENTS, userBodyFields, userTypeField } from './parameters';

const email = emailField("The new user's email address; WhatConverts sends them an activation email", true);
const userType = userTypeField(
	'An agency user works in the agency with an agency role; an account user reaches only the accounts listed below',
	true,
);
const additionalFields = group({ displayName: 'Additional Fields', name: 'additionalFields' }, userBodyFields);

export const userCreate: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a user',
	description:
		'Invite a user to the agency or to client accounts by email. Outputs the new user; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.',
	forAgents: `Invites a person by email to the agency or to client accounts (${USER_TYPES_FOR_AGENTS}, role_id, accounts with their account roles); WhatConverts emails them. Returns the user with its user_id. ${MASTER_KEY_ONLY} One API request.`,
	properties: [email.property, userType.property, additionalFields.property],
	// Users are the one resource WhatConverts documents with JSON bodies: no form here.
	routing: route({ method: 'POST', resource: 'user', path: 'list', body: [email, userType, additionalFields] }, sendWrite),
};
