import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { sendAs } from '../shared/fields';
import { accountLocator, locatorValue } from '../shared/locators';
import { inputError } from '../shared/validation';

export const USER_TYPES = [
	{ name: 'Agency User', value: 'master_account', description: 'A user of the agency (master account), with an agency role' },
	{ name: 'Account User', value: 'account', description: 'A user of one or more client accounts, with a role per account' },
];

/** The user type as a create or edit sends it: master_account_user or account_user. */
export const userTypeField = (description: string, required: boolean): INodeProperties => ({
	displayName: 'User Type',
	name: 'userType',
	type: 'options',
	options: USER_TYPES,
	default: 'master_account',
	required,
	description,
	routing: { send: { type: 'body', property: 'user_type', value: '={{ $value + "_user" }}' } },
});

const isWholeNumber = (value: unknown) => /^\d+$/.test(String(value ?? '').trim());

/** Reads the account list of a user (account picker + optional account role) into the JSON body as accounts[]. */
function sendAccountAccess(collection: string) {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const entries = this.getNodeParameter(`${collection}.accounts.access`, []) as IDataObject[];
		const accounts = entries.map((entry) => {
			const accountId = locatorValue(entry.accountId);
			if (!isWholeNumber(accountId)) {
				throw inputError(this.getNode(), `Account ID "${String(accountId ?? '')}" is not a WhatConverts ID`, 'IDs are whole numbers, e.g. 12345.', this.getItemIndex());
			}
			if (entry.roleId !== undefined && entry.roleId !== '' && !isWholeNumber(entry.roleId)) {
				throw inputError(this.getNode(), `Role ID "${String(entry.roleId)}" is not a WhatConverts ID`, 'Use an account role ID from Role → Get Many with Role Type "Account".', this.getItemIndex());
			}
			const access: IDataObject = { account_id: Number(String(accountId).trim()) };
			if (entry.roleId !== undefined && entry.roleId !== '') access.role_id = Number(entry.roleId);
			return access;
		});
		return { ...requestOptions, body: { ...(requestOptions.body as IDataObject), accounts } };
	};
}

/** The fields a user create or edit may send, in a collection named `collection`. */
export function userBodyFields(collection: 'additionalFields' | 'updateFields'): INodeProperties[] {
	return [
		{
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
			routing: { send: { preSend: [sendAccountAccess(collection)] } },
		},
		sendAs('body', {
			displayName: 'New Account Notifications',
			name: 'newAccountNotifications',
			type: 'boolean',
			default: false,
			description: 'Whether the user is emailed when an account is added to the agency',
		}),
		sendAs('body', {
			displayName: 'Role ID',
			name: 'roleId',
			type: 'string',
			default: '',
			description: 'For an agency user: the ID of their agency role (role_id of a master account role, see Role → Get Many)',
		}),
	];
}
