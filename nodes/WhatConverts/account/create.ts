import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { booleanField } from '../shared/fields';
import { group } from '../shared/params';
import { route, sendWrite } from '../transport/routing';
import { accountName } from './fields';

const additionalFields = group({ displayName: 'Additional Fields', name: 'additionalFields' }, [
	booleanField('Create Profile', 'createProfile', 'Whether WhatConverts also creates a first profile of the same name in the new account'),
]);

export const accountCreateRouting = route(
	{ method: 'POST', resource: 'account', path: 'list', body: [accountName, additionalFields], form: true },
	sendWrite,
);

export const accountCreateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['create'] } },
	[additionalFields.property],
);
