import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { QUOTABLE } from '../shared/enums';
import { amountField, enumField, nameValueMap, textField } from '../shared/fields';
import { group } from '../shared/params';
import { route, sendEdit } from '../transport/routing';

const updateFields = group({ displayName: 'Update Fields', name: 'updateFields' }, [
	nameValueMap('additionalFields', 'Additional Fields', 'Sent as additional_fields[Name]=Value; names not sent are left alone'),
	nameValueMap('customFields', 'Custom Fields', 'Sent as custom_fields[Name]=Value'),
	textField('Lead URL', 'leadUrl'),
	enumField('Quotable', 'quotable', QUOTABLE, 'yes', {}, { answeredAsLabel: true }),
	amountField('Quote Value', 'quoteValue'),
	amountField('Sales Value', 'salesValue'),
]);

// WhatConverts edits a lead with a POST to its URL and changes only the fields sent.
export const leadUpdateRouting = route(
	{ method: 'POST', resource: 'lead', path: 'item', body: [updateFields], form: true },
	sendEdit(updateFields),
);

export const leadUpdateDescription: INodeProperties[] = updateDisplayOptions({ show: { resource: ['lead'], operation: ['update'] } }, [
	updateFields.property,
]);
