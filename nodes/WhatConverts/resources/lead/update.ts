import { sendWrite } from '../../output/senders';
import { amountField, enumField, nameValueListField, textField } from '../../parameters/builders';
import { QUOTABLE } from '../../parameters/enums';
import { group } from '../../parameters/types';
import { route } from '../../routing/route';
import type { Operation } from '../operations';
import { leadIdField } from './parameters';

const updateFields = group({ displayName: 'Update Fields', name: 'updateFields' }, [
	nameValueListField('additionalFields', 'Additional Fields', 'Sent as additional_fields[Name]=Value; names not sent are left alone'),
	nameValueListField('customFields', 'Custom Fields', 'Sent as custom_fields[Name]=Value'),
	textField('Lead URL', 'leadUrl'),
	enumField('Quotable', 'quotable', QUOTABLE, 'yes', {}, { answeredAsLabel: true }),
	amountField('Quote Value', 'quoteValue'),
	amountField('Sales Value', 'salesValue'),
]);

export const leadUpdate: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a lead',
	description: "Change a lead's quote or sales value, quotable state, URL or fields; outputs the lead",
	forAgents:
		'Changes a WhatConverts lead by lead_id: quotable (yes, no, pending, not_set), quote_value and sales_value (plain numbers), lead_url, additional and custom fields. Fields not given stay as they are. Returns the lead. One API request.',
	properties: [leadIdField.property, updateFields.property],
	// WhatConverts edits a lead with a POST to its URL and changes only the fields sent.
	routing: route({ method: 'POST', resource: 'lead', path: 'item', body: [updateFields], changes: updateFields, form: true }, sendWrite),
};
