import { textField } from '../shared/fields';

/** The account's name, for a create or a rename: one parameter for both. */
export const accountName = textField('Account Name', 'accountName', {
	required: true,
	placeholder: 'e.g. Acme Plumbing',
	description: 'The name of the account, usually the client business',
	displayOptions: { show: { resource: ['account'], operation: ['create', 'update'] } },
});
