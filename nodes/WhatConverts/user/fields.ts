import type { INodeProperties } from 'n8n-workflow';

import { USER_TYPE_ALIASES, USER_TYPES } from '../shared/enums';
import { booleanField, enumField, textField } from '../shared/fields';
import { accountLocator } from '../shared/locators';
import type { Field } from '../shared/params';
import { typed } from '../shared/params';

/** The user type as a create or edit sends it: master_account_user or account_user. */
export const userTypeField = (description: string, required: boolean): Field =>
	enumField(
		'User Type',
		'userType',
		USER_TYPES,
		'master_account',
		{ required, description },
		{
			aliases: USER_TYPE_ALIASES,
			toWire: (value) => `${value}_user`,
		},
	);

export const emailField = (description: string, required: boolean): Field =>
	textField('Email', 'email', { placeholder: 'name@email.com', required, description });

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
				accountLocator({ description: 'The account the user can reach (account_id)' }),
				{
					displayName: 'Role ID',
					name: 'roleId',
					type: 'string',
					default: '',
					description: 'The account role in this account (role_id of an account role, see Role → Get Many)',
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
		description: 'For an agency user: the ID of their agency role (role_id of a master account role, see Role → Get Many)',
	}),
];
