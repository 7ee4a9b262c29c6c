import { sendWrite } from '../../output/senders';
import { booleanField } from '../../parameters/builders';
import { group } from '../../parameters/types';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { MASTER_KEY_ONLY } from '../toolText';
import { accountName } from './parameters';

const additionalFields = group({ displayName: 'Additional Fields', name: 'additionalFields' }, [
	booleanField('Create Profile', 'createProfile', 'Whether WhatConverts also creates a first profile of the same name in the new account'),
]);

export const accountCreate: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create an account',
	description:
		'Create a client account in the agency, optionally with a first profile. Outputs the new account; if WhatConverts answers with only its ID, outputs that ID and the fields sent. Needs a master (agency) API key.',
	forAgents: `Creates a client account (account_name) in the agency, optionally with a first profile of the same name, and returns it with its account_id. Every call creates another account. ${MASTER_KEY_ONLY} One API request.`,
	properties: [accountName.property, additionalFields.property],
	routing: route({ method: 'POST', resource: 'account', path: 'list', body: [accountName, additionalFields], form: true }, sendWrite),
};
