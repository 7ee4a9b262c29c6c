import type { INodeProperties } from 'n8n-workflow';

import { ID_PARAMETERS } from '../shared/resources';
import { capitalised } from '../shared/text';
import type { Field } from './types';
import { typed } from './types';

type LocatorOverrides = Partial<INodeProperties> & Pick<INodeProperties, 'description'>;

/** A picker: chosen from a searchable list (every page of it) or given by ID. */
function locator(name: 'accountId' | 'profileId', what: string, searchListMethod: string, overrides: LocatorOverrides): INodeProperties {
	const { label } = ID_PARAMETERS[name];
	return {
		displayName: capitalised(what),
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${what === 'account' ? 'an' : 'a'} ${what}…`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: `${label} must be a whole number (digits only), e.g. 12345` },
					},
				],
			},
		],
		...overrides,
	};
}

/** An account picker (accountId): the agency's accounts, searchable by name. */
export const accountLocator = (overrides: LocatorOverrides): Field =>
	typed('id', locator('accountId', 'account', 'searchAccounts', overrides));

/**
 * A profile picker (profileId): the profiles of the account chosen in the same node, or every
 * account's profiles when there is none. A profile key gets an explanation naming its own profile.
 */
export const profileLocator = (overrides: LocatorOverrides): Field =>
	typed('id', locator('profileId', 'profile', 'searchProfiles', overrides));
