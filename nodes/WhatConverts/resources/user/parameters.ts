import type { INodeProperties } from 'n8n-workflow';

import { booleanField, enumField, idField, textField } from '../../parameters/builders';
import { USER_TYPE_ALIASES, USER_TYPES } from '../../parameters/enums';
import { accountLocator } from '../../parameters/locators';
import type { Field } from '../../parameters/types';
import { typed } from '../../parameters/types';

// Parameters several user operations declare.

/** A user to get, or to edit (WhatConverts takes it in the body of POST /users): a numeric WhatConverts ID. */
export const userIdField = idField('userId', 'e.g. 5001', 'The user (user_id)');

// `required` is left out when false: n8n's convention says nothing for an optional parameter.

/** The user type as a create or edit sends it: master_account_user or account_user. */
export const userTypeField = (description: string, required: boolean): Field =>
	enumField(
		'User Type',
		'userType',
		USER_TYPES,
		'master_account',
		{ ...(required && { required }), description },
		{
			aliases: USER_TYPE_ALIASES,
			sendAs: (value) => `${value}_user`,
		},
	);

export const emailField = (description: string, required: boolean): Field =>
	textField('Email', 'email', { placeholder: 'e.g. nathan@example.com', ...(required && { required }), description });

const accounts: INodeProperties = {
	displayName: 'Accounts',
	name: 'accounts',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Account',
	default: {},
	description: 'The client accounts an account user can reach, each with its account role. Replaces the current list.',
	options: [
		{
			displayName: 'Account Access',
			name: 'access',
			values: [
				accountLocator({ description: 'The account the user can reach (account_id)' }).property,
				{
					displayName: 'Role ID',
					name: 'roleId',
					type: 'string',
					default: '',
					description: "The account role in this account (role_id of an account role, see 'Role' → 'Get Many')",
				},
			],
		},
	],
};

/** The fields a user create or edit may send, besides email and type. */
export const userBodyFields: Field[] = [
	typed('accounts', accounts),
	booleanField(
		'New Account Notifications',
		'newAccountNotifications',
		'Whether the user is emailed when an account is added to the agency',
	),
	typed('id', {
		displayName: 'Role ID',
		name: 'roleId',
		type: 'string',
		default: '',
		description: "For an agency user: the ID of their agency role (role_id of a master account role, see 'Role' → 'Get Many')",
	}),
];

/** How the user types read in an AI tool's description. */
export const USER_TYPES_FOR_AGENTS = 'user_type (master_account: an agency user; account: a user of client accounts)';
