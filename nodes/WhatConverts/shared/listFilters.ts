import type { INodeProperties } from 'n8n-workflow';

import { ORDER } from './enums';
import { sendAs } from './fields';

/** The `filters` collection of a Get Many operation. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}

/** The creation-date range and order that the account, profile and user lists take. */
export function createdDateFilters(what: string): INodeProperties[] {
	return [
		sendAs('query', {
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			description: `Only ${what} created up to this date (UTC). A date alone includes that whole day.`,
		}),
		sendAs('query', { displayName: 'Order', name: 'order', type: 'options', options: ORDER, default: 'desc', description: 'By date created' }),
		sendAs('query', {
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description: `Only ${what} created from this date on (UTC)`,
		}),
	];
}
