import { textField } from '../../parameters/builders';
import { accountLocator, profileLocator } from '../../parameters/locators';

// Parameters several profile operations declare.

/** Profiles live under an account: every profile operation names the account first. */
export const profilesAccountId = accountLocator({ required: true, description: 'The account the profiles belong to (account_id)' });

export const profileId = profileLocator({
	required: true,
	description: 'The profile (profile_id). The list shows the profiles of the account chosen above.',
});

/** The profile's name, for a create or a rename. */
export const profileName = textField('Profile Name', 'profileName', {
	required: true,
	placeholder: 'e.g. Main Website',
	description: 'The name of the profile, usually a website or location of the client',
});
