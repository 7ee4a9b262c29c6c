// An API refusal's hint fits the field WhatConverts names: the messages the test server plays, each
// with what the node tells the user to do; and Find or Create with a master key and no Profile.
import type { INode } from 'n8n-workflow';

import { errorForAnswer, refusalHint } from '../nodes/WhatConverts/transport/errors';
import { RESOURCES } from '../nodes/WhatConverts/shared/resources';
import { runNode } from './harness/n8n';
import { credentialsFor, QUICK_RETRIES, useServer } from './harness/whatconverts';

const server = useServer();
const node: INode = {
	id: 'n',
	name: 'WhatConverts',
	type: 'n8n-nodes-whatconverts.whatConverts',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ID_HINT = /^Check that the .* exists/;

// [status, the test server's message, resource reached, the hint it must give]
const MESSAGES: Array<[number, string | undefined, keyof typeof RESOURCES, RegExp]> = [
	[400, 'profile_id is required when using a master account API key.', 'lead', /pick the 'Profile'.*or use that profile's own API key/],
	[
		400,
		'account_id and profile_id are not supported with a profile API key.',
		'lead',
		/profile API key reaches only its own profile: leave 'Account' and 'Profile' empty/,
	],
	[400, 'end_date must not be before start_date.', 'lead', /^Check 'Start Date' and 'End Date'/],
	[400, 'The date range between start_date and end_date cannot exceed 400 days.', 'lead', /^Check 'Start Date' and 'End Date'/],
	[
		400,
		"Invalid start_date: 'soon'. Use an ISO 8601 date or date-time in UTC, e.g. 2025-01-31 or 2025-01-31T00:00:00Z.",
		'lead',
		/^Check 'Start Date'/,
	],
	[400, "Invalid date_created: 'yesterday'.", 'lead', /^Check 'Date Created': an ISO 8601 date-time/],
	[400, 'lead_type is required.', 'lead', /^Check 'Lead Type' \(WhatConverts calls it lead_type\)/],
	[400, "Invalid lead_type: 'fax'. Valid values: phone_call, web_form.", 'lead', /^Check 'Lead Type' \(WhatConverts calls it lead_type\)/],
	[
		400,
		"Invalid quotable: 'maybe'. Valid values: yes, no, pending, not_set.",
		'lead',
		/^Check 'Quotable' \(WhatConverts calls it quotable\)/,
	],
	[400, "Invalid leads_per_page: 'x' is not a number.", 'lead', /^Check 'Leads Per Page' \(WhatConverts calls it leads_per_page\)/],
	[400, "Invalid customer_journey: 'maybe'. Use true or false.", 'lead', /^Check 'Customer Journey'/],
	[400, 'Invalid additional_fields: send it as a map, e.g. additional_fields[Name]=value.', 'lead', /^Check 'Additional Fields'/],
	[400, 'lead_id is required.', 'recording', /^Check 'Lead' \(WhatConverts calls it lead_id\)/],
	[400, "Invalid user_type: 'boss'. Valid values: master_account_user, account_user.", 'user', /^Check 'User Type'/],
	[400, 'email is required.', 'user', /^Check 'Email' \(WhatConverts calls it email\)/],
	[400, "Invalid email: 'ann at example.com'.", 'user', /^Check 'Email'/],
	[400, 'A user with this email already exists.', 'user', /user with this email address exists already/],
	[400, 'Role 7 is not a master account role.', 'user', /^Pick a 'Role' of the user's kind/],
	[400, 'Invalid lead ID.', 'lead', /^Check that the Lead ID exists/],
	[404, 'Lead not found.', 'lead', /^Check that the Lead ID exists/],
	[400, 'Invalid profile ID.', 'profile', /^Check that the Profile ID exists/],
	[404, 'Profile not found.', 'lead', /^Check that the Profile ID exists/],
	[404, 'User not found.', 'user', /^Check that the User ID exists/],
	[400, 'Invalid account ID.', 'account', /^Check that the Account ID exists/],
	[404, undefined, 'lead', /^Check that the Lead ID exists/],
	[400, 'Invalid JSON body.', 'lead', /^Check the fields named in the message/],
	[422, 'Unprocessable Entity', 'lead', /^Check the fields named in the message/],
];

describe('a refusal names the field WhatConverts named, and the hint fits it', () => {
	it.each(MESSAGES)('%i "%s" (%s)', (status, message, resource, hint) => {
		expect(refusalHint(message, status, RESOURCES[resource])).toMatch(hint);
		// no field's hint points at an ID unless the message is about one
		if (!/ID\.$|not found\.$/.test(message ?? 'not found.')) expect(refusalHint(message, status, RESOURCES[resource])).not.toMatch(ID_HINT);
		const error = errorForAnswer(
			node,
			{ method: 'GET', url: '/leads', resource: RESOURCES[resource] },
			{
				statusCode: status,
				headers: {},
				body: message === undefined ? {} : { error_message: message },
			},
		);
		expect(error.description).toMatch(hint);
		if (message) expect(error.message).toBe(`WhatConverts refused the request: ${message}`);
	});

	it('Find or Create with a master key and no Profile: pick the Profile, not "Check that the Lead ID exists"', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'findOrCreate',
				leadType: 'transaction',
				matchBy: 'emailAddress',
				matchValue: 'buyer@example.com',
				rateLimitHandling: QUICK_RETRIES,
			},
			credentials: credentialsFor(server, server.keys.master),
		});
		expect(error?.message).toBe('WhatConverts refused the request: profile_id is required when using a master account API key.');
		expect(error?.description).toMatch(/pick the 'Profile'/);
		expect(error?.description).not.toMatch(/Lead ID/);
		expect(server.data.leads).toHaveLength(0);
	});
});
