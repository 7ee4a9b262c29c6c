import { textField } from '../shared/fields';

/** The profile's name, for a create or a rename: one parameter for both. */
export const profileName = textField('Profile Name', 'profileName', {
	required: true,
	placeholder: 'e.g. Main Website',
	description: 'The name of the profile, usually a website or location of the client',
	displayOptions: { show: { resource: ['profile'], operation: ['create', 'update'] } },
});
