import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { QUOTABLE } from '../shared/enums';
import { FORM_BODY, nameValueMap, sendAs } from '../shared/fields';
import { inputError } from '../shared/validation';
import { route } from '../transport/routing';

// WhatConverts edits a lead with a POST to its URL and changes only the fields sent.
export const leadUpdateRouting = route({ method: 'POST', url: '=/leads/{{$parameter.leadId}}', headers: FORM_BODY });

const updateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	routing: {
		send: {
			preSend: [
				async function (requestOptions) {
					const fields = this.getNodeParameter('updateFields', {}) as object;
					if (Object.keys(fields).length === 0) {
						throw inputError(this.getNode(), 'Update Fields is empty', 'Add at least one field to change: Quotable, Quote Value, Sales Value, Lead URL, Additional Fields or Custom Fields.', this.getItemIndex());
					}
					return requestOptions;
				},
			],
		},
	},
	options: [
		nameValueMap('additionalFields', 'Additional Fields', 'Sent as additional_fields[Name]=Value; names not sent are left alone'),
		nameValueMap('customFields', 'Custom Fields', 'Sent as custom_fields[Name]=Value'),
		sendAs('body', { displayName: 'Lead URL', name: 'leadUrl', type: 'string', default: '' }),
		sendAs('body', { displayName: 'Quotable', name: 'quotable', type: 'options', options: QUOTABLE, default: 'yes' }),
		sendAs('body', { displayName: 'Quote Value', name: 'quoteValue', type: 'number', default: 0 }),
		sendAs('body', { displayName: 'Sales Value', name: 'salesValue', type: 'number', default: 0 }),
	],
};

export const leadUpdateDescription: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['lead'], operation: ['update'] } },
	[updateFields],
);
