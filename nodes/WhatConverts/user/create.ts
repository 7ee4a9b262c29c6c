import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { group } from '../shared/params';
import { route, sendWrite } from '../transport/routing';
import { emailField, userBodyFields, userTypeField } from './fields';

const email = emailField("The new user's email address; WhatConverts sends them an activation email", true);
const userType = userTypeField(
	'An agency user works in the agency with an agency role; an account user reaches only the accounts listed below',
	true,
);
const additionalFields = group({ displayName: 'Additional Fields', name: 'additionalFields' }, userBodyFields);

// Users are the one resource WhatConverts documents with JSON bodies: no form here.
export const userCreateRouting = route(
	{ method: 'POST', resource: 'user', path: 'list', body: [email, userType, additionalFields] },
	sendWrite,
);

export const userCreateDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, [
	email.property,
	userType.property,
	additionalFields.property,
]);
