import { sendOne } from '../../output/senders';
import { booleanField } from '../../parameters/builders';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { leadIdField } from './parameters';
import { LEAD_OUTPUT } from './simplify';

const customerJourney = booleanField('Customer Journey', 'customerJourney', "Whether to add the lead's customer journey (Elite plans)");

export const leadGet: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a lead',
	description: 'Get one lead by its ID, with its attribution, contact and values',
	forAgents:
		'Gets one WhatConverts lead by lead_id (a whole number, as in a lead list): its type, status, dates, contact, attribution (source, medium, campaign, keyword, landing URL), quote and sales value and, for calls, duration, recording URL and transcription. One API request.',
	properties: [leadIdField.property, customerJourney.property, ...LEAD_OUTPUT.properties],
	// GET /leads/{id} answers with the list envelope (leads: [lead]); sendOne unwraps it.
	routing: route({ method: 'GET', resource: 'lead', path: 'item', query: [customerJourney], output: LEAD_OUTPUT }, sendOne),
};
