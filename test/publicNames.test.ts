// The names saved workflows hold: the package's node types, the credential's name and fields, every
// resource and operation, every parameter (collections' keys included) and every choice value. A
// workflow saved with 0.1.0 stores them, so none may be renamed or removed: adding is free. This
// file is their record (CONTRIBUTING.md, "Public names"); each is checked against the built package.
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { credentials, nodes, pkg } from './harness/verification';

const PACKAGE = { name: 'n8n-nodes-whatconverts', keyword: 'n8n-community-node-package', license: 'MIT' };

/** Node type (as n8n stores it: `<package>.<name>`) and display name. */
const NODE_TYPES = {
	'n8n-nodes-whatconverts.whatConverts': 'WhatConverts',
	'n8n-nodes-whatconverts.whatConvertsTrigger': 'WhatConverts Trigger',
	'n8n-nodes-whatconverts.whatConvertsWebhookTrigger': 'WhatConverts Webhook Trigger',
};

const CREDENTIAL = {
	name: 'whatConvertsApi',
	displayName: 'WhatConverts API',
	// apiToken: Basic-auth user name; apiSecret: Basic-auth password; baseUrl: lets a sandbox or proxy stand in
	properties: ['apiToken', 'apiSecret', 'baseUrl'],
	baseUrl: 'https://app.whatconverts.com/api/v1',
};

/** The fields Only When These Fields Change offers, on both triggers. */
const WATCHED_FIELDS = [
	'additional_fields',
	'custom_fields',
	'duplicate',
	'lead_status',
	'lead_url',
	'notes',
	'quotable',
	'quote_value',
	'sales_value',
	'spam',
];

/**
 * Per node: the parameters of every operation ('<resource>:<operation>'; '*' for a trigger, which has
 * none), space-separated, 'filters.leadType' for a key of a collection; the values of every choice.
 */
const PARAMETERS: Record<
	string,
	{ everyOperation: string; parameters: Record<string, string>; choices: Record<string, Array<string | number | boolean>> }
> = {
	whatConverts: {
		everyOperation:
			'operation rateLimitHandling rateLimitHandling.maxInFlight rateLimitHandling.maxRetries rateLimitHandling.maxWaitSeconds rateLimitHandling.timeoutSeconds resource toolDescription',
		parameters: {
			'account:create': 'accountName additionalFields additionalFields.createProfile',
			'account:delete': 'accountId',
			'account:get': 'accountId',
			'account:getAll': 'filters filters.endDate filters.order filters.startDate limit returnAll',
			'account:update': 'accountId accountName',
			'lead:create':
				'additionalFields additionalFields.additionalFields additionalFields.answerStatus additionalFields.browser additionalFields.callDurationSeconds additionalFields.callTranscription additionalFields.callerName additionalFields.callerNumber additionalFields.city additionalFields.country additionalFields.customFields additionalFields.dateCreated additionalFields.destinationNumber additionalFields.deviceMake additionalFields.deviceType additionalFields.emailAddress additionalFields.emailMessage additionalFields.emailSubject additionalFields.eventAction additionalFields.eventCategory additionalFields.eventLabel additionalFields.fbclid additionalFields.fbpid additionalFields.formName additionalFields.gclid additionalFields.ipAddress additionalFields.landingUrl additionalFields.leadCampaign additionalFields.leadContent additionalFields.leadKeyword additionalFields.leadMedium additionalFields.leadSource additionalFields.leadUrl additionalFields.lineType additionalFields.message additionalFields.msclkid additionalFields.operatingSystem additionalFields.phoneName additionalFields.phoneNumber additionalFields.quotable additionalFields.quoteValue additionalFields.salesValue additionalFields.sendNotification additionalFields.senderName additionalFields.state additionalFields.trackingNumber additionalFields.transactionId additionalFields.transactionShipping additionalFields.transactionTax additionalFields.userId additionalFields.voicemailTranscription additionalFields.wcClientCurrent additionalFields.zip leadType options options.readBack profileId',
			'lead:findOrCreate':
				'additionalFields additionalFields.additionalFields additionalFields.answerStatus additionalFields.browser additionalFields.callDurationSeconds additionalFields.callTranscription additionalFields.callerName additionalFields.callerNumber additionalFields.city additionalFields.country additionalFields.customFields additionalFields.dateCreated additionalFields.destinationNumber additionalFields.deviceMake additionalFields.deviceType additionalFields.emailAddress additionalFields.emailMessage additionalFields.emailSubject additionalFields.eventAction additionalFields.eventCategory additionalFields.eventLabel additionalFields.fbclid additionalFields.fbpid additionalFields.formName additionalFields.gclid additionalFields.ipAddress additionalFields.landingUrl additionalFields.leadCampaign additionalFields.leadContent additionalFields.leadKeyword additionalFields.leadMedium additionalFields.leadSource additionalFields.leadUrl additionalFields.lineType additionalFields.message additionalFields.msclkid additionalFields.operatingSystem additionalFields.phoneName additionalFields.phoneNumber additionalFields.quotable additionalFields.quoteValue additionalFields.salesValue additionalFields.sendNotification additionalFields.senderName additionalFields.state additionalFields.trackingNumber additionalFields.transactionId additionalFields.transactionShipping additionalFields.transactionTax additionalFields.userId additionalFields.voicemailTranscription additionalFields.wcClientCurrent additionalFields.zip defaultCountryCode leadType lookBackDays matchBy matchLeadType matchValue matchWindow options options.readBack profileId',
			'lead:get': 'customerJourney fields leadId output simplify',
			'lead:getAll':
				'continueAfter fields filters filters.accountId filters.customerJourney filters.duplicate filters.emailAddress filters.endDate filters.leadCampaign filters.leadContent filters.leadKeyword filters.leadMedium filters.leadSource filters.leadStatus filters.leadType filters.order filters.phoneNumber filters.profileId filters.quotable filters.quoteValue filters.salesValue filters.spam filters.startDate filters.userId limit output returnAll simplify',
			'lead:update':
				'leadId updateFields updateFields.additionalFields updateFields.customFields updateFields.leadUrl updateFields.quotable updateFields.quoteValue updateFields.salesValue',
			'profile:create': 'accountId profileName',
			'profile:delete': 'accountId profileId',
			'profile:get': 'accountId profileId',
			'profile:getAll': 'accountId filters filters.endDate filters.order filters.startDate limit returnAll',
			'profile:update': 'accountId profileId profileName',
			'recording:get': 'binaryPropertyName leadId',
			'role:get': 'roleId',
			'role:getAll': 'limit returnAll roleType',
			'trackingForm:delete': 'formId',
			'trackingForm:getAll': 'filters filters.accountId filters.profileId limit returnAll',
			'trackingNumber:delete': 'phoneNumberId',
			'trackingNumber:getAll': 'fields filters filters.accountId filters.profileId limit output returnAll simplify',
			'user:create':
				'additionalFields additionalFields.accounts additionalFields.newAccountNotifications additionalFields.roleId email userType',
			'user:get': 'userId',
			'user:getAll': 'filters filters.endDate filters.order filters.startDate limit returnAll userType',
			'user:update':
				'updateFields updateFields.accounts updateFields.email updateFields.newAccountNotifications updateFields.roleId updateFields.userType userId',
		},
		choices: {
			resource: ['account', 'lead', 'profile', 'recording', 'role', 'trackingForm', 'trackingNumber', 'user'],
			operation: ['create', 'delete', 'findOrCreate', 'get', 'getAll', 'update'],
			matchBy: ['emailAddress', 'phoneNumber', 'userId'],
			matchWindow: ['dateCreated', 'lookBack'],
			leadType: ['appointment', 'chat', 'email', 'event', 'other', 'phone_call', 'text_message', 'transaction', 'web_form'],
			'additionalFields.answerStatus': ['Answered', 'Busy', 'No Answer'],
			'additionalFields.quotable': ['no', 'not_set', 'pending', 'yes'],
			'updateFields.quotable': ['no', 'not_set', 'pending', 'yes'],
			'filters.leadStatus': ['repeat', 'unique'],
			'filters.leadType': ['appointment', 'chat', 'email', 'event', 'other', 'phone_call', 'text_message', 'transaction', 'web_form'],
			'filters.order': ['asc', 'desc'],
			'filters.quotable': ['no', 'not_set', 'pending', 'yes'],
			'filters.quoteValue': ['has_value', 'no_value'],
			'filters.salesValue': ['has_value', 'no_value'],
			output: ['raw', 'selected', 'simplified'],
			fields: [
				'account',
				'account_id',
				'additional_fields',
				'answer_status',
				'browser',
				'call_duration',
				'call_duration_seconds',
				'call_flow',
				'call_status',
				'call_transcription',
				'caller_city',
				'caller_country',
				'caller_name',
				'caller_number',
				'caller_state',
				'campaign',
				'city',
				'contact_company_name',
				'contact_email_address',
				'contact_name',
				'contact_phone_number',
				'country',
				'custom_fields',
				'customer_journey',
				'date_created',
				'destination_number',
				'destination_number_iso_country',
				'device_make',
				'device_type',
				'duplicate',
				'email_address',
				'email_message',
				'email_subject',
				'event_action',
				'event_category',
				'event_label',
				'facebook_browser_id',
				'facebook_click_id',
				'field_mappings',
				'form_name',
				'gclid',
				'google_analytics_client_id',
				'ip_address',
				'landing_url',
				'last_updated',
				'lead_analysis',
				'lead_campaign',
				'lead_content',
				'lead_id',
				'lead_keyword',
				'lead_medium',
				'lead_score',
				'lead_source',
				'lead_state',
				'lead_status',
				'lead_type',
				'lead_url',
				'line_type',
				'medium',
				'message',
				'msclkid',
				'notes',
				'operating_system',
				'phone_name',
				'phone_number',
				'phone_number_id',
				'play_recording',
				'profile',
				'profile_id',
				'quotable',
				'quote_value',
				'recording',
				'sales_value',
				'sender_name',
				'source',
				'spam',
				'spotted_keywords',
				'state',
				'swap_number',
				'tracking_number',
				'tracking_number_iso_country',
				'transaction_id',
				'transaction_shipping',
				'transaction_tax',
				'trigger',
				'user_id',
				'voicemail_transcription',
				'zip',
			],
			userType: ['account', 'master_account'],
			'updateFields.userType': ['account', 'master_account'],
			roleType: ['account', 'master_account'],
		},
	},
	whatConvertsTrigger: {
		everyOperation: '',
		parameters: {
			'*': 'event filters filters.accountId filters.customerJourney filters.duplicate filters.emailAddress filters.leadCampaign filters.leadContent filters.leadKeyword filters.leadMedium filters.leadSource filters.leadStatus filters.leadType filters.phoneNumber filters.profileId filters.quotable filters.quoteValue filters.salesValue filters.spam filters.userId lookBackDays options options.callWaitMinutes options.lateLeadMinutes options.onlyWhenFieldsChange rateLimitHandling rateLimitHandling.maxInFlight rateLimitHandling.maxRetries rateLimitHandling.maxWaitSeconds rateLimitHandling.timeoutSeconds',
		},
		choices: {
			event: ['newLead', 'updatedLead'],
			'filters.leadStatus': ['repeat', 'unique'],
			'filters.leadType': ['appointment', 'chat', 'email', 'event', 'other', 'phone_call', 'text_message', 'transaction', 'web_form'],
			'filters.quotable': ['no', 'not_set', 'pending', 'yes'],
			'filters.quoteValue': ['has_value', 'no_value'],
			'filters.salesValue': ['has_value', 'no_value'],
			'options.onlyWhenFieldsChange': WATCHED_FIELDS,
		},
	},
	whatConvertsWebhookTrigger: {
		everyOperation: '',
		parameters: {
			'*': 'events leadTypes onlyCompleted options options.onlyWhenFieldsChange secret',
		},
		choices: {
			events: ['new', 'update'],
			'options.onlyWhenFieldsChange': WATCHED_FIELDS,
			leadTypes: ['appointment', 'chat', 'email', 'event', 'other', 'phone_call', 'text_message', 'transaction', 'web_form'],
		},
	},
};

const words = (text: string) => text.split(' ').filter(Boolean);

/** The parameter paths a description shows for each operation (see PARAMETERS). */
function namesOf(description: INodeTypeDescription): Record<string, string[]> {
	const shows = (property: INodeProperties, key: string, value: string) => {
		const allowed = property.displayOptions?.show?.[key] as string[] | undefined;
		return !allowed || allowed.includes(value);
	};
	const operationsOf = (resource: string) =>
		description.properties
			.filter(
				(property) => property.name === 'operation' && shows(property, 'resource', resource) && property.displayOptions?.show?.resource,
			)
			.flatMap((property) => (property.options as INodePropertyOptions[]).map((option) => String(option.value)));
	const resource = description.properties.find((property) => property.name === 'resource');
	const pairs = resource
		? (resource.options as INodePropertyOptions[]).flatMap((option) =>
				operationsOf(String(option.value)).map((operation) => [String(option.value), operation]),
			)
		: [['*', '*']];
	const names: Record<string, string[]> = {};
	for (const [res, operation] of pairs) {
		const paths = new Set<string>();
		for (const property of description.properties) {
			if (res !== '*' && !(shows(property, 'resource', res) && shows(property, 'operation', operation))) continue;
			if (property.type === 'notice' || property.type === 'callout') continue;
			paths.add(property.name);
			if (property.type === 'collection')
				for (const key of property.options as INodeProperties[]) paths.add(`${property.name}.${key.name}`);
		}
		names[res === '*' ? '*' : `${res}:${operation}`] = [...paths];
	}
	return names;
}

/** The values of every options and multi-options parameter, collections' keys included. */
function choicesOf(properties: INodeProperties[], prefix = '', into: Record<string, unknown[]> = {}): Record<string, unknown[]> {
	for (const property of properties) {
		if ((property.type === 'options' || property.type === 'multiOptions') && Array.isArray(property.options)) {
			const key = `${prefix}${property.name}`;
			into[key] = [...(into[key] ?? []), ...(property.options as INodePropertyOptions[]).map((option) => option.value)];
		}
		if (property.type === 'collection') choicesOf(property.options as INodeProperties[], `${prefix}${property.name}.`, into);
		if (property.type === 'fixedCollection')
			for (const section of property.options as INodePropertyCollection[])
				choicesOf(section.values, `${prefix}${property.name}.${section.name}.`, into);
	}
	return into;
}

const described = (name: string) => {
	const found = nodes.find(({ instance }) => instance.description.name === name);
	if (!found) throw new Error(`no node ${name} in package.json's n8n block`);
	return found.instance.description;
};

it('keeps the package name, its keyword and licence', () => {
	expect([pkg.name, pkg.keywords?.includes(PACKAGE.keyword), pkg.license]).toEqual([PACKAGE.name, true, PACKAGE.license]);
});

it('keeps the node types and their display names', () => {
	const built = Object.fromEntries(
		nodes.map(({ instance }) => [`${pkg.name}.${instance.description.name}`, instance.description.displayName]),
	);
	expect(built).toEqual(expect.objectContaining(NODE_TYPES));
});

it("keeps the credential's name, display name and fields, and its default Base URL", () => {
	const credential = credentials.find(({ instance }) => instance.name === CREDENTIAL.name)?.instance;
	expect(credential?.displayName).toBe(CREDENTIAL.displayName);
	expect(credential?.properties.map((property) => property.name)).toEqual(expect.arrayContaining(CREDENTIAL.properties));
	expect(credential?.properties.find((property) => property.name === 'baseUrl')?.default).toBe(CREDENTIAL.baseUrl);
	for (const name of Object.keys(NODE_TYPES).slice(0, 2)) {
		expect(described(name.split('.')[1]).credentials?.map((c) => c.name)).toEqual([CREDENTIAL.name]);
	}
});

it.each(Object.keys(PARAMETERS))('keeps every resource, operation and parameter of %s', (name) => {
	const built = namesOf(described(name));
	const { everyOperation, parameters } = PARAMETERS[name];
	const lost = Object.entries(parameters).flatMap(([operation, recorded]) => {
		const has = built[operation];
		if (!has) return [`${operation}: the operation`];
		return [...words(everyOperation), ...words(recorded)].filter((path) => !has.includes(path)).map((path) => `${operation}: ${path}`);
	});
	expect(lost).toEqual([]);
});

it.each(Object.keys(PARAMETERS))('keeps every choice value of %s', (name) => {
	const built = choicesOf(described(name).properties);
	const lost = Object.entries(PARAMETERS[name].choices).flatMap(([parameter, values]) =>
		values.filter((value) => !(built[parameter] ?? []).includes(value)).map((value) => `${parameter}: ${JSON.stringify(value)}`),
	);
	expect(lost).toEqual([]);
});

it('records what the public names promise: ids, Return All and Limit, the collections, lead Create and Find or Create', () => {
	// the promises of the names, read from the record itself, so that an edit of the record cannot drop them
	const { parameters } = PARAMETERS.whatConverts;
	const ids = ['leadId', 'accountId', 'profileId', 'userId', 'roleId', 'phoneNumberId', 'formId'];
	expect(ids.filter((id) => !Object.values(parameters).some((names) => words(names).includes(id)))).toEqual([]);
	for (const [operation, names] of Object.entries(parameters)) {
		if (operation.endsWith(':getAll'))
			expect([operation, ...['returnAll', 'limit'].filter((n) => !words(names).includes(n))]).toEqual([operation]);
	}
	expect(words(parameters['lead:getAll'])).toEqual(expect.arrayContaining(['filters.leadType', 'filters.startDate', 'filters.quoteValue']));
	expect(words(parameters['lead:create'])).toEqual(expect.arrayContaining(['leadType', 'profileId', 'additionalFields.quoteValue']));
	expect(words(parameters['lead:update'])).toEqual(expect.arrayContaining(['updateFields.quoteValue']));
	expect(words(parameters['lead:findOrCreate'])).toEqual(
		expect.arrayContaining(['leadType', 'profileId', 'matchBy', 'matchValue', 'lookBackDays', 'additionalFields']),
	);
	expect(words(parameters['recording:get'])).toEqual(expect.arrayContaining(['leadId', 'binaryPropertyName']));
	expect(PARAMETERS.whatConverts.choices.matchBy).toEqual(['emailAddress', 'phoneNumber', 'userId']);
	expect(PARAMETERS.whatConvertsTrigger.choices.event).toEqual(['newLead', 'updatedLead']);
	expect(PARAMETERS.whatConvertsWebhookTrigger.choices.events).toEqual(['new', 'update']);
});
