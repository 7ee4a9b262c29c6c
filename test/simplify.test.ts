// Simplify: at most ten fields, the most used first, through n8n's real engine. A lead's contact is
// read wherever WhatConverts puts it; tracking numbers have a Simplify of their own.
import type { IDataObject } from 'n8n-workflow';

import { runNode } from './harness/n8n';
import { credentialsFor, SIMPLE_KEYS, useServer } from './harness/whatconverts';

const server = useServer();

describe('lead Simplify', () => {
	it('getAll returns ten fields, with the values of the full lead', async () => {
		// Leads whose contact is in the contact fields: the next block reads leads as WhatConverts sends them.
		server.behaviour.leadShape = 'tidy';
		server.addLeads(3, { lead_type: 'phone_call', lead_source: 'google', lead_medium: 'cpc', quote_value: 250 });
		const full = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true },
			credentials: credentialsFor(server),
		});
		const simple = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true },
			credentials: credentialsFor(server),
		});
		expect(simple.error).toBeUndefined();
		expect(simple.items).toHaveLength(3);
		for (const [index, item] of simple.items.entries()) {
			expect(Object.keys(item.json)).toEqual(SIMPLE_KEYS);
			for (const key of SIMPLE_KEYS) expect(item.json[key]).toEqual(full.items[index].json[key] ?? null);
		}
		expect(simple.items[0].json).toMatchObject({ lead_type: 'Phone Call', lead_source: 'google', quote_value: 250 });
		// The same requests: Simplify only shapes the output.
		expect(server.log.map((entry) => entry.query)).toEqual([full, simple].map(() => expect.objectContaining({ leads_per_page: '2500' })));
	});

	it('get returns the same simplified shape; off by default', async () => {
		const [lead] = server.addLeads(1, { lead_type: 'web_form', contact_name: 'Ann Lee' });
		const simple = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: String(lead.lead_id), simplify: true },
			credentials: credentialsFor(server),
		});
		expect(Object.keys(simple.items[0].json)).toEqual(SIMPLE_KEYS);
		expect(simple.items[0].json).toMatchObject({ lead_id: lead.lead_id, lead_type: 'Web Form', contact_name: 'Ann Lee' });
		const full = await runNode({
			parameters: { resource: 'lead', operation: 'get', leadId: String(lead.lead_id) },
			credentials: credentialsFor(server),
		});
		expect(Object.keys(full.items[0].json).length).toBeGreaterThan(40);
	});
});

describe('who the lead is, wherever WhatConverts puts it', () => {
	/** Every name, email and phone a lead carries anywhere, as the test reads them (apart from the node's reading). */
	function peopleIn(lead: IDataObject) {
		const form = (lead.additional_fields ?? {}) as IDataObject;
		const strings = (...values: unknown[]) => values.filter((value): value is string => typeof value === 'string' && value.trim() !== '');
		return {
			names: strings(lead.contact_name, lead.caller_name, lead.sender_name, form.Name, form.full_name).filter(
				(name) => name !== 'WIRELESS CALLER',
			),
			emails: strings(lead.contact_email_address, lead.email_address, form.Email, form.email_address),
			phones: strings(lead.contact_phone_number, lead.phone_number, lead.caller_number, form.Phone),
		};
	}

	it('keeps a name, email and phone for every real lead that carries one, though most leave the contact fields empty', async () => {
		server.behaviour.leadShape = 'real';
		const leads = server.addLeads(400);
		const full = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true },
			credentials: credentialsFor(server),
		});
		const simple = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true },
			credentials: credentialsFor(server),
		});
		expect(simple.items).toHaveLength(leads.length);
		const emptyContact = full.items.filter((item) => !item.json.contact_name).length;
		// WhatConverts leaves the contact empty for most leads: the reading below is what Simplify is for.
		expect(emptyContact).toBeGreaterThan(leads.length / 2);
		let named = 0;
		for (const [index, { json }] of simple.items.entries()) {
			const people = peopleIn(full.items[index].json);
			expect([json.lead_id, people.names.length > 0]).toEqual([json.lead_id, json.contact_name !== null]);
			expect([json.lead_id, people.emails.length > 0]).toEqual([json.lead_id, json.contact_email_address !== null]);
			expect([json.lead_id, people.phones.length > 0]).toEqual([json.lead_id, json.contact_phone_number !== null]);
			if (json.contact_name !== null) expect(people.names).toContain(json.contact_name);
			if (json.contact_email_address !== null) expect(people.emails).toContain(json.contact_email_address);
			if (json.contact_phone_number !== null) expect(people.phones).toContain(json.contact_phone_number);
			if (json.contact_name) named++;
		}
		// Only a quarter of them carry the contact fields.
		expect(named).toBeGreaterThan(leads.length * 0.6);
	});

	it('takes the contact first, then the caller, then the form fields WhatConverts mapped or named', async () => {
		const contact = server.addLead({
			lead_type: 'web_form',
			contact_name: 'Ann Lee',
			contact_email_address: 'ann@example.com',
			contact_phone_number: '+15125550100',
			email_address: 'other@example.com',
			phone_number: '+15125550199',
		});
		const call = server.addLead({
			lead_type: 'phone_call',
			contact_name: '',
			contact_email_address: '',
			contact_phone_number: '',
			caller_name: 'LEE ANN',
			phone_number: '',
			caller_number: '+15125550111',
			email_address: '',
		});
		const form = server.addLead({
			lead_type: 'web_form',
			contact_name: '',
			contact_email_address: '',
			contact_phone_number: '',
			email_address: '',
			phone_number: '',
			additional_fields: { 'Your Name': 'Bo Chen', 'E-mail': 'bo@example.com', Mobile: '512 555 0123' } as never,
		});
		const mapped = server.addLead({
			lead_type: 'web_form',
			contact_name: '',
			contact_email_address: '',
			contact_phone_number: '',
			email_address: '',
			phone_number: '',
			additional_fields: { Who: 'Cy Dee', Reach: 'cy@example.com' } as never,
			field_mappings: { Who: 'contact_name', Reach: 'email_address' } as never,
		});
		const nobody = server.addLead({
			lead_type: 'phone_call',
			contact_name: '',
			contact_email_address: '',
			contact_phone_number: '',
			caller_name: 'WIRELESS CALLER',
			phone_number: '',
			caller_number: '',
			email_address: '',
		});
		const { items } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true, filters: { order: 'asc' } },
			credentials: credentialsFor(server),
		});
		const contacts = items
			.map(({ json }) => [json.lead_id, json.contact_name, json.contact_email_address, json.contact_phone_number])
			.sort(([a], [b]) => Number(a) - Number(b));
		expect(contacts).toEqual([
			[contact.lead_id, 'Ann Lee', 'ann@example.com', '+15125550100'],
			[call.lead_id, 'LEE ANN', null, '+15125550111'],
			[form.lead_id, 'Bo Chen', 'bo@example.com', '512 555 0123'],
			[mapped.lead_id, 'Cy Dee', 'cy@example.com', null],
			[nobody.lead_id, null, null, null],
		]);
	});
});

describe('tracking number Simplify', () => {
	it('keeps ten of the sixteen fields, the id first; off, every field', async () => {
		const parameters = { resource: 'trackingNumber', operation: 'getAll', returnAll: true };
		const full = await runNode({ parameters, credentials: credentialsFor(server, server.keys.master) });
		const simple = await runNode({
			parameters: { ...parameters, simplify: true },
			credentials: credentialsFor(server, server.keys.master),
		});
		expect(Object.keys(full.items[0].json).length).toBe(16);
		expect(simple.items).toHaveLength(full.items.length);
		expect(Object.keys(simple.items[0].json)).toEqual([
			'phone_number_id',
			'phone_name',
			'tracking_number',
			'destination_number',
			'source',
			'medium',
			'campaign',
			'profile',
			'profile_id',
			'account_id',
		]);
		for (const [index, { json }] of simple.items.entries()) {
			for (const [key, value] of Object.entries(json)) expect(value).toEqual(full.items[index].json[key] ?? null);
		}
	});
});
