import { textField } from '../../parameters/builders';
import { accountLocator } from '../../parameters/locators';

// Parameters several account operations declare.

/** The account an operation reaches (account_id). */
export const accountId = accountLocator({ required: true, description: 'The account (account_id)' });

/** The account's name, for a create or a rename. */
export const accountName = textField('Account Name', 'accountName', {
	required: true,
	placeholder: 'e.g. Acme Plumbing',
	description: 'The name of the account, usually the client business',
});
