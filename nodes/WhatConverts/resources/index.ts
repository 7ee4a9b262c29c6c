import type { INodeProperties } from 'n8n-workflow';

import { RESOURCES } from '../shared/resources';
import { account } from './account';
import { lead } from './lead';
import { nodeProperties } from './operations';
import { profile } from './profile';
import { recording } from './recording';
import { role } from './role';
import { trackingForm } from './trackingForm';
import { trackingNumber } from './trackingNumber';
import { user } from './user';

const ALL = [lead, account, profile, recording, user, role, trackingNumber, trackingForm];

/** The Resource list, each resource's Operation list, then every operation's parameters. */
export const resourceProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: Object.values(RESOURCES).map(({ label, value, description }) => ({ name: label, value, description })),
		default: 'lead',
	},
	...ALL.flatMap((resource) => resource.operationList),
	...nodeProperties(ALL),
];
