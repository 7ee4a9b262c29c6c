/**
 * The WhatConverts resources, one row each: where they live, how their items are named and paged,
 * and which API key reaches them. Requests, input checks, error messages, pickers and the triggers
 * all read this table.
 */

export const API_ROOT = 'https://app.whatconverts.com/api/v1';

/** Requests a key may make per UTC day: a profile key reaches one profile, a master (agency) key all. */
export const DAILY_QUOTA = { profile: 1000, master: 10000 } as const;
export type KeyKind = keyof typeof DAILY_QUOTA;

/** An id parameter of the node: the API's name for it and how messages call it. */
export interface IdParameter {
	name: string;
	field: string;
	label: string;
}

const id = (name: string, field: string, label: string): IdParameter => ({ name, field, label });

export const ID_PARAMETERS = {
	leadId: id('leadId', 'lead_id', 'Lead ID'),
	accountId: id('accountId', 'account_id', 'Account ID'),
	profileId: id('profileId', 'profile_id', 'Profile ID'),
	userId: id('userId', 'user_id', 'User ID'),
	roleId: id('roleId', 'role_id', 'Role ID'),
	phoneNumberId: id('phoneNumberId', 'phone_number_id', 'Phone Number ID'),
	formId: id('formId', 'form_id', 'Form ID'),
} satisfies Record<string, IdParameter>;

export type IdName = keyof typeof ID_PARAMETERS;

export interface Resource {
	/** the value in the node's Resource list, and its label and description there */
	value: string;
	label: string;
	description: string;
	/** "lead", "leads": for messages */
	noun: string;
	plural: string;
	/** the list's path; {idName} stands for an id parameter, checked and percent-encoded */
	list: string;
	/** one item's path */
	item?: string;
	/** the id of one item */
	id?: IdParameter;
	/** the page-size query parameter and the largest page the API serves */
	pageSize?: { parameter: string; max: number };
	/** the array's key in a list answer */
	listKey?: string;
	/** 'master': only a master (agency) key reaches it */
	key: 'master' | 'any';
}

const resource = (row: Resource): Resource => row;

export const RESOURCES = {
	account: resource({
		value: 'account',
		label: 'Account',
		description: 'Client accounts of an agency (master key)',
		noun: 'account',
		plural: 'accounts',
		list: '/accounts',
		item: '/accounts/{accountId}',
		id: ID_PARAMETERS.accountId,
		pageSize: { parameter: 'accounts_per_page', max: 250 },
		listKey: 'accounts',
		key: 'master',
	}),
	lead: resource({
		value: 'lead',
		label: 'Lead',
		description: 'Calls, forms, chats and other conversions with their attribution',
		noun: 'lead',
		plural: 'leads',
		list: '/leads',
		item: '/leads/{leadId}',
		id: ID_PARAMETERS.leadId,
		pageSize: { parameter: 'leads_per_page', max: 2500 },
		listKey: 'leads',
		key: 'any',
	}),
	profile: resource({
		value: 'profile',
		label: 'Profile',
		description: 'Websites or locations inside an account (master key)',
		noun: 'profile',
		plural: 'profiles',
		list: '/accounts/{accountId}/profiles',
		item: '/accounts/{accountId}/profiles/{profileId}',
		id: ID_PARAMETERS.profileId,
		pageSize: { parameter: 'profiles_per_page', max: 250 },
		listKey: 'profiles',
		key: 'master',
	}),
	recording: resource({
		value: 'recording',
		label: 'Recording',
		description: 'The MP3 recording of a phone-call lead',
		noun: 'recording',
		plural: 'recordings',
		list: '/recording',
		key: 'any',
	}),
	role: resource({
		value: 'role',
		label: 'Role',
		description: 'Permission roles for users (master key)',
		noun: 'role',
		plural: 'roles',
		list: '/roles',
		item: '/roles/{roleId}',
		id: ID_PARAMETERS.roleId,
		pageSize: { parameter: 'roles_per_page', max: 250 },
		listKey: 'roles',
		key: 'master',
	}),
	trackingForm: resource({
		value: 'trackingForm',
		label: 'Tracking Form',
		description: 'Web forms WhatConverts tracks',
		noun: 'tracked form',
		plural: 'tracked forms',
		list: '/tracking/forms',
		item: '/tracking/forms/{formId}',
		id: ID_PARAMETERS.formId,
		pageSize: { parameter: 'forms_per_page', max: 250 },
		listKey: 'forms',
		key: 'any',
	}),
	trackingNumber: resource({
		value: 'trackingNumber',
		label: 'Tracking Number',
		description: 'Phone numbers WhatConverts tracks',
		noun: 'tracking number',
		plural: 'tracking numbers',
		list: '/tracking/numbers',
		item: '/tracking/numbers/{phoneNumberId}',
		id: ID_PARAMETERS.phoneNumberId,
		pageSize: { parameter: 'numbers_per_page', max: 250 },
		listKey: 'numbers',
		key: 'any',
	}),
	user: resource({
		value: 'user',
		label: 'User',
		description: 'People with access to the agency or its accounts (master key)',
		noun: 'user',
		plural: 'users',
		list: '/users',
		item: '/users/{userId}',
		id: ID_PARAMETERS.userId,
		pageSize: { parameter: 'users_per_page', max: 250 },
		listKey: 'users',
		key: 'master',
	}),
} satisfies Record<string, Resource>;

export type ResourceName = keyof typeof RESOURCES;

/** The id parameters a path template names, in order: '/accounts/{accountId}/profiles' → ['accountId']. */
export function idsInTemplate(template: string): IdName[] {
	return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as IdName);
}

/** A path from its template and checked ids, every id percent-encoded as one segment. */
export function fillPath(template: string, ids: Partial<Record<IdName, number>>): string {
	return template.replace(/\{(\w+)\}/g, (_, name: IdName) => encodeURIComponent(String(ids[name])));
}

/** The most items one request of a resource's list reads. */
export const largestPage = (resource: Resource) => resource.pageSize?.max ?? 1;
