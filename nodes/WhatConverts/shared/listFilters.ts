import type { Field, FieldGroup } from './params';
import { group } from './params';
import { ORDER } from './enums';
import { dateField, enumField } from './fields';

/** The `filters` collection of a Get Many operation. */
export function filtersCollection(fields: Field[]): FieldGroup {
	return group({ displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' }, fields);
}

/** The creation-date range and order that the account, profile and user lists take. */
export function createdDateFilters(what: string): Field[] {
	return [
		dateField('End Date', 'endDate', `Only ${what} created up to this date (UTC). A date alone includes that whole day.`),
		enumField('Order', 'order', ORDER, 'desc', { description: 'By date created' }),
		dateField('Start Date', 'startDate', `Only ${what} created from this date on (UTC)`),
	];
}
