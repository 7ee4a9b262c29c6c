// Tests of the WhatConverts test server itself, over real HTTP on 127.0.0.1.

import * as http from 'node:http';

import { nest, parseBody } from './server/body';
import { WhatConvertsServer, type ApiKey, type Lead } from './server/WhatConvertsServer';

interface Call {
	key?: ApiKey | null | { token: string; secret: string };
	method?: string;
	form?: Record<string, string>;
	json?: unknown;
	body?: string | FormData;
	headers?: Record<string, string>;
}

async function call(server: WhatConvertsServer, path: string, opts: Call = {}) {
	const headers: Record<string, string> = { ...opts.headers };
	const key = opts.key === undefined ? server.keys.master : opts.key;
	if (key) headers.authorization = `Basic ${Buffer.from(`${key.token}:${key.secret}`).toString('base64')}`;
	let body: string | FormData | undefined = opts.body;
	if (opts.form) {
		body = new URLSearchParams(opts.form).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	if (opts.json !== undefined) {
		body = JSON.stringify(opts.json);
		headers['content-type'] = 'application/json';
	}
	const res = await fetch(server.baseUrl + path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
	const type = res.headers.get('content-type') ?? '';
	const raw = Buffer.from(await res.arrayBuffer());
	const data = type.startsWith('application/json') ? JSON.parse(raw.toString('utf8')) : undefined;
	return { status: res.status, type, raw, text: raw.toString('utf8'), data, headers: res.headers };
}

const DAY = 86_400_000;

describe('auth and routing', () => {
	const server = new WhatConvertsServer();
	beforeAll(() => server.start());
	afterAll(() => server.stop());

	it('listens on 127.0.0.1 under /api/v1', () => {
		expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
	});

	it('answers 401 without or with wrong credentials', async () => {
		const none = await call(server, '/leads', { key: null });
		expect(none.status).toBe(401);
		expect(none.data).toEqual({ error_message: 'Authentication not provided.' });
		const wrong = await call(server, '/leads', { key: { token: server.keys.profile.token, secret: 'nope' } });
		expect(wrong.status).toBe(401);
		expect(wrong.data).toEqual({ error_message: 'Authentication failed.' });
		expect(server.log.map((r) => r.keyKind)).toEqual(['none', 'bad']);
	});

	it('answers unknown paths with an HTML 404', async () => {
		for (const path of ['/nope', '/leads/1/extra', '/../v2/leads']) {
			const r = await call(server, path);
			expect(r.status).toBe(404);
			expect(r.type).toMatch(/^text\/html/);
			expect(r.text).toContain('<html');
		}
		const wrongMethod = await call(server, '/leads', { method: 'PUT' });
		expect(wrongMethod.status).toBe(404);
	});

	it('answers 404 to a path off its route table, as sent on the wire, and marks it in the log', async () => {
		// Raw paths: fetch() and new URL() would resolve the dot segments before sending.
		const raw = (path: string) =>
			new Promise<number>((resolve, reject) => {
				const auth = Buffer.from(`${server.keys.master.token}:${server.keys.master.secret}`).toString('base64');
				const url = new URL(server.baseUrl);
				const request = http.request(
					{ host: url.hostname, port: url.port, path: `/api/v1${path}`, headers: { authorization: `Basic ${auth}` } },
					(res) => {
						res.resume();
						resolve(res.statusCode ?? 0);
					},
				);
				request.on('error', reject);
				request.end();
			});
		server.reset();
		const steered = [
			'/leads/1/../../users',
			'/leads/..%2F..%2Fusers',
			'/leads/%2e%2e/users',
			'/leads/1%2F..',
			'/leads/abc',
			'/leads/1%3Fa%3Db',
			'/leads//1',
			'/leads/1\\..',
		];
		for (const path of steered) expect([path, await raw(path)]).toEqual([path, 404]);
		expect(server.log).toHaveLength(steered.length);
		expect(server.log.every((entry) => entry.offRoute && entry.status === 404)).toBe(true);
		expect(await raw('/users')).toBe(200);
		expect(server.log[steered.length].offRoute).toBe(false);
	});

	it('accepts a trailing slash (POST /users/ in the docs)', async () => {
		const r = await call(server, '/roles/');
		expect(r.status).toBe(200);
	});

	it('keeps agency-only resources from profile keys (status switchable)', async () => {
		for (const path of ['/accounts', '/accounts/1001/profiles', '/users', '/roles/4001']) {
			const r = await call(server, path, { key: server.keys.profile });
			expect(r.status).toBe(403);
			expect(r.data.error_message).toMatch(/Agency Key/);
		}
		server.behaviour.agencyOnlyStatus = 401;
		expect((await call(server, '/users', { key: server.keys.profile })).status).toBe(401);
		server.reset();
		expect(server.behaviour.agencyOnlyStatus).toBe(403);
	});
});

describe('lead lists', () => {
	const server = new WhatConvertsServer({ now: () => Date.parse('2025-06-15T12:00:00Z') });
	let leads: Lead[];
	beforeAll(async () => {
		await server.start();
		leads = server.addLeads(60, { startAt: '2025-06-01T00:00:00Z', stepSeconds: 3600, lead_type: 'web_form' });
	});
	afterAll(() => server.stop());
	beforeEach(() => server.reset());

	it('pages 1-based with the documented envelope, newest first', async () => {
		const r = await call(server, '/leads');
		expect(Object.keys(r.data)).toEqual(['page_number', 'leads_per_page', 'total_pages', 'total_leads', 'leads']);
		expect(r.data).toMatchObject({ page_number: 1, leads_per_page: 25, total_pages: 3, total_leads: 60 });
		expect(r.data.leads.map((l: Lead) => l.lead_id)).toEqual(
			leads
				.slice(-25)
				.reverse()
				.map((l) => l.lead_id),
		);
		const p3 = await call(server, '/leads?page_number=3');
		expect(p3.data.leads).toHaveLength(10);
		expect(p3.data.leads[9].lead_id).toBe(leads[0].lead_id);
		const past = await call(server, '/leads?page_number=4');
		expect(past.status).toBe(200);
		expect(past.data.leads).toEqual([]);
		expect(past.data.total_leads).toBe(60);
	});

	it('clamps page sizes and ignores parameters it does not know (page, per_page)', async () => {
		const big = await call(server, '/leads?leads_per_page=99999');
		expect(big.data.leads_per_page).toBe(2500);
		expect(big.data.leads).toHaveLength(60);
		const wrongNames = await call(server, '/leads?page=2&per_page=50');
		expect(wrongNames.data).toMatchObject({ page_number: 1, leads_per_page: 25 });
		const accounts = await call(server, '/accounts?accounts_per_page=1000');
		expect(accounts.data.accounts_per_page).toBe(250);
		expect((await call(server, '/leads?page_number=abc')).status).toBe(400);
	});

	it('orders asc or desc with ties broken by lead_id', async () => {
		const a = server.addLead({ date_created: '2025-06-10T09:00:00Z', lead_type: 'chat' });
		const b = server.addLead({ date_created: '2025-06-10T09:00:00Z', lead_type: 'chat' });
		const asc = await call(server, '/leads?lead_type=chat&order=asc');
		expect(asc.data.leads.map((l: Lead) => l.lead_id)).toEqual([a.lead_id, b.lead_id]);
		const desc = await call(server, '/leads?lead_type=chat');
		expect(desc.data.leads.map((l: Lead) => l.lead_id)).toEqual([b.lead_id, a.lead_id]);
		expect((await call(server, '/leads?order=newest')).status).toBe(400);
	});

	it('filters by inclusive dates; a date-only end_date covers its day', async () => {
		const r = await call(server, '/leads?start_date=2025-06-01T05:00:00Z&end_date=2025-06-01&order=asc');
		expect(r.data.total_leads).toBe(19); // 05:00 .. 23:00
		expect(r.data.leads[0].date_created).toBe('2025-06-01T05:00:00Z');
		const exact = await call(server, '/leads?start_date=2025-06-01T05:00:00Z&end_date=2025-06-01T05:00:00Z');
		expect(exact.data.total_leads).toBe(1);
	});

	it('rejects spans over 400 days, bad dates and bad enum values naming them', async () => {
		expect((await call(server, '/leads?start_date=2024-01-01&end_date=2025-02-04')).status).toBe(200); // 400 days
		const tooLong = await call(server, '/leads?start_date=2024-01-01&end_date=2025-02-05');
		expect(tooLong.status).toBe(400);
		expect(tooLong.data.error_message).toMatch(/400 days/);
		const badDate = await call(server, '/leads?start_date=yesterday');
		expect(badDate.status).toBe(400);
		expect(badDate.data.error_message).toMatch(/start_date/);
		for (const [param, value] of [
			['lead_type', 'Web Form'],
			['lead_status', 'new'],
			['quotable', 'maybe'],
			['quote_value', 'some'],
			['spam', 'yes'],
		]) {
			const r = await call(server, `/leads?${param}=${encodeURIComponent(value)}`);
			expect(r.status).toBe(400);
			expect(r.data.error_message).toContain(param);
		}
	});

	it('takes snake_case enums in and gives display labels out', async () => {
		const call1 = server.addLead({
			lead_type: 'phone_call',
			lead_status: 'repeat',
			quotable: 'yes',
			quote_value: 900,
			date_created: '2025-06-12T10:00:00Z',
		});
		const r = await call(server, '/leads?lead_type=phone_call&lead_status=repeat&quotable=yes&quote_value=has_value');
		expect(r.data.leads.map((l: Lead) => l.lead_id)).toEqual([call1.lead_id]);
		const lead = r.data.leads[0];
		expect(lead).toMatchObject({
			lead_type: 'Phone Call',
			lead_status: 'Repeat',
			quotable: 'Yes',
			quote_value: 900,
			lead_state: 'Completed',
		});
		expect(lead.call_duration).toMatch(/^\d+ seconds$/);
		expect(lead.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		const none = await call(server, '/leads?sales_value=no_value&quote_value=no_value&lead_type=web_form');
		expect(none.data.leads.every((l: Lead) => l.quote_value === null && l.sales_value === null)).toBe(true);
	});

	it('leaves spam and duplicates out unless asked for', async () => {
		const spam = server.addLead({ spam: true, lead_type: 'email' });
		const dup = server.addLead({ duplicate: true, lead_type: 'email' });
		const normal = await call(server, '/leads?lead_type=email');
		expect(normal.data.leads.map((l: Lead) => l.lead_id)).not.toContain(spam.lead_id);
		expect(normal.data.leads.map((l: Lead) => l.lead_id)).not.toContain(dup.lead_id);
		expect((await call(server, '/leads?spam=true')).data.leads.map((l: Lead) => l.lead_id)).toEqual([spam.lead_id]);
		expect((await call(server, '/leads?duplicate=true')).data.leads.map((l: Lead) => l.lead_id)).toEqual([dup.lead_id]);
	});

	it('filters by contact and attribution fields', async () => {
		const l = server.addLead({
			lead_type: 'text_message',
			phone_number: '+15125550199',
			email_address: 'Pat@Example.com',
			lead_source: 'Google',
			lead_medium: 'cpc',
			lead_campaign: 'Brand',
			user_id: 'visitor-1',
		});
		for (const qs of [
			'phone_number=%2B15125550199',
			'email_address=pat@example.com',
			'lead_source=google&lead_medium=cpc&lead_campaign=brand',
			'user_id=visitor-1',
		]) {
			const r = await call(server, `/leads?${qs}`);
			expect(r.data.leads.map((x: Lead) => x.lead_id)).toEqual([l.lead_id]);
		}
	});

	it('adds customer_journey only when asked', async () => {
		const plain = await call(server, '/leads?leads_per_page=1');
		expect(plain.data.leads[0].customer_journey).toBeUndefined();
		const r = await call(server, '/leads?leads_per_page=1&customer_journey=true');
		const journey = r.data.leads[0].customer_journey;
		expect(Array.isArray(journey)).toBe(true);
		expect(journey[journey.length - 1].date).toBe(r.data.leads[0].date_created);
	});

	it('scopes a profile key to its profile; a master key narrows by account_id / profile_id', async () => {
		const other = server.addLeads(3, { profileId: 2003, lead_type: 'event' });
		const own = await call(server, '/leads?leads_per_page=2500', { key: server.keys.profile });
		expect(own.data.leads.every((l: Lead) => l.profile_id === 2001)).toBe(true);
		const otherKey = await call(server, '/leads', { key: server.keys.otherProfile });
		expect(otherKey.data.leads.map((l: Lead) => l.lead_id).sort()).toEqual(other.map((l) => l.lead_id).sort());
		// profile key: account_id/profile_id ignored by default, or rejected
		const ignored = await call(server, '/leads?profile_id=2003', { key: server.keys.profile });
		expect(ignored.data.total_leads).toBe(own.data.total_leads);
		server.behaviour.profileKeyScopeFilters = 'reject';
		expect((await call(server, '/leads?profile_id=2003', { key: server.keys.profile })).status).toBe(400);
		const master = await call(server, '/leads?account_id=1002');
		expect(master.data.total_leads).toBe(3);
		expect((await call(server, '/leads?profile_id=2004')).data.total_leads).toBe(0);
		expect((await call(server, '/leads?account_id=999')).status).toBe(400);
	});

	it('sees leads added or changed between requests (no stale caches)', async () => {
		const before = (await call(server, '/leads?lead_type=appointment')).data.total_leads;
		const l = server.addLead({ lead_type: 'appointment' });
		expect((await call(server, '/leads?lead_type=appointment')).data.total_leads).toBe(before + 1);
		server.updateLead(l.lead_id, { quotable: 'no' });
		const r = await call(server, '/leads?lead_type=appointment&quotable=no');
		expect(r.data.leads.map((x: Lead) => x.lead_id)).toEqual([l.lead_id]);
		expect(r.data.leads[0].quotable).toBe('No');
	});
});

describe('single leads, create, edit, recordings', () => {
	let clock = Date.parse('2025-03-01T10:00:00Z');
	const server = new WhatConvertsServer({ now: () => clock });
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => server.reset());

	it('GET /leads/{id} is always wrapped; unknown ids answer 400 or 404', async () => {
		const l = server.addLead({ lead_type: 'web_form' });
		for (const singleObject of ['bare', 'wrapped'] as const) {
			server.behaviour.singleObject = singleObject;
			const r = await call(server, `/leads/${l.lead_id}`);
			expect(r.data).toMatchObject({ page_number: 1, total_leads: 1 });
			expect(r.data.leads[0].lead_id).toBe(l.lead_id);
		}
		const unknown = await call(server, '/leads/123');
		expect(unknown.status).toBe(400);
		expect(unknown.data).toEqual({ error_message: 'Invalid lead ID.' });
		server.behaviour.unknownIdStatus = 404;
		const missing = await call(server, '/leads/123');
		expect(missing.status).toBe(404);
		expect(missing.type).toMatch(/json/);
		// another profile's lead is unknown to a profile key
		const foreign = server.addLead({ profile_id: 2003 });
		expect((await call(server, `/leads/${foreign.lead_id}`, { key: server.keys.profile })).status).toBe(404);
	});

	it('creates a lead from a form-encoded body with bracket maps', async () => {
		const r = await call(server, '/leads', {
			key: server.keys.profile,
			body: 'lead_type=web_form&form_name=Contact+Us&email_address=kim%40example.com&quotable=pending&quote_value=120.5&additional_fields%5BFavourite+Colour%5D=teal&additional_fields%5BSize%5D=L&custom_fields%5BTier%5D=gold',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(r.status).toBe(200);
		expect(r.data).toMatchObject({
			profile_id: 2001,
			account_id: 1001,
			lead_type: 'Web Form',
			lead_status: 'Unique',
			quotable: 'Pending',
			quote_value: 120.5,
			sales_value: null,
			form_name: 'Contact Us',
			date_created: '2025-03-01T10:00:00Z',
			additional_fields: { 'Favourite Colour': 'teal', Size: 'L' },
			custom_fields: { Tier: 'gold' },
			lead_analysis: [],
		});
		const logged = server.log[server.log.length - 1];
		expect(logged.contentType).toBe('application/x-www-form-urlencoded');
		expect(logged.rawBody).toContain('additional_fields%5BSize%5D=L');
		expect(logged.body).toMatchObject({ additional_fields: { Size: 'L' } });
		const again = await call(server, `/leads/${r.data.lead_id}`, { key: server.keys.profile });
		expect(again.data.leads[0]).toEqual(r.data);
	});

	it('parses JSON and multipart bodies into the same shape', async () => {
		const json = await call(server, '/leads', {
			key: server.keys.profile,
			json: { lead_type: 'chat', additional_fields: { Topic: 'Pricing' } },
		});
		expect(json.data).toMatchObject({ lead_type: 'Chat', additional_fields: { Topic: 'Pricing' } });
		const fd = new FormData();
		fd.append('lead_type', 'event');
		fd.append('event_category', 'Button');
		fd.append('additional_fields[Topic]', 'Demo');
		const multi = await call(server, '/leads', { key: server.keys.profile, body: fd });
		expect(multi.data).toMatchObject({ lead_type: 'Event', event_category: 'Button', additional_fields: { Topic: 'Demo' } });
		expect(server.log[server.log.length - 1].contentType).toMatch(/^multipart\/form-data; boundary=/);
	});

	it('validates creation: lead_type, profile_id with a master key, maps', async () => {
		const noType = await call(server, '/leads', { key: server.keys.profile, form: { email_address: 'x@example.com' } });
		expect(noType.status).toBe(400);
		expect(noType.data.error_message).toMatch(/lead_type/);
		expect((await call(server, '/leads', { key: server.keys.profile, form: { lead_type: 'Web Form' } })).status).toBe(400);
		const master = await call(server, '/leads', { form: { lead_type: 'other' } });
		expect(master.status).toBe(400);
		expect(master.data.error_message).toMatch(/profile_id/);
		const ok = await call(server, '/leads', { form: { lead_type: 'other', profile_id: '2005' } });
		expect(ok.data).toMatchObject({ profile_id: 2005, account_id: 1003, lead_type: 'Other' });
		const flat = await call(server, '/leads', { key: server.keys.profile, form: { lead_type: 'other', additional_fields: '{"a":"b"}' } });
		expect(flat.status).toBe(400);
		expect(flat.data.error_message).toMatch(/additional_fields/);
		expect(
			(await call(server, '/leads', { key: server.keys.profile, body: '{oops', headers: { 'content-type': 'application/json' } })).status,
		).toBe(400);
	});

	it('stores phone call details and can answer with the id only', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const r = await call(server, '/leads', {
			key: server.keys.profile,
			form: {
				lead_type: 'phone_call',
				phone_number: '+15125550123',
				caller_name: 'SMITH PAT',
				call_duration_seconds: '13',
				date_created: '2025-02-01T08:30:00Z',
			},
		});
		expect(Object.keys(r.data)).toEqual(['lead_id']);
		const lead = server.data.lead(r.data.lead_id)!;
		expect(lead).toMatchObject({
			lead_type: 'Phone Call',
			call_duration: '13 seconds',
			caller_name: 'SMITH PAT',
			date_created: '2025-02-01T08:30:00Z',
			recording: null,
		});
		const repeat = await call(server, '/leads', {
			key: server.keys.profile,
			form: { lead_type: 'phone_call', phone_number: '+1 (512) 555-0123' },
		});
		expect(server.data.lead(repeat.data.lead_id)!.lead_status).toBe('Repeat');
	});

	it('edits only the editable fields and bumps last_updated', async () => {
		const l = server.addLead({
			lead_type: 'web_form',
			date_created: '2025-02-20T00:00:00Z',
			additional_fields: { A: '1' },
			lead_source: 'google',
		});
		clock += 3600_000;
		const r = await call(server, `/leads/${l.lead_id}`, {
			key: server.keys.profile,
			form: {
				quotable: 'yes',
				sales_value: '250',
				lead_url: 'https://x.example/thanks',
				'additional_fields[B]': '2',
				lead_source: 'bing',
				lead_type: 'chat',
			},
		});
		expect(r.status).toBe(200);
		expect(r.data).toMatchObject({
			quotable: 'Yes',
			sales_value: 250,
			lead_url: 'https://x.example/thanks',
			additional_fields: { A: '1', B: '2' },
			lead_source: 'google',
			lead_type: 'Web Form',
			last_updated: '2025-03-01T11:00:00Z',
			date_created: '2025-02-20T00:00:00Z',
		});
		expect((await call(server, `/leads/${l.lead_id}`, { key: server.keys.profile, form: { quotable: 'sure' } })).status).toBe(400);
		expect((await call(server, '/leads/99', { form: { quotable: 'yes' } })).status).toBe(400);
	});

	it('serves recordings as MP3 bytes', async () => {
		const withRec = server.addLead({ lead_type: 'phone_call', recording: 'yes' });
		expect(withRec.recording).toMatch(new RegExp(`^https://app\\.whatconverts\\.com/recording/${withRec.lead_id}/`));
		const r = await call(server, `/recording?lead_id=${withRec.lead_id}`, { key: server.keys.profile });
		expect(r.status).toBe(200);
		expect(r.type).toBe('audio/mpeg');
		const isId3 = r.raw.subarray(0, 3).toString('latin1') === 'ID3';
		const isFrame = r.raw[0] === 0xff && (r.raw[1] & 0xe0) === 0xe0;
		expect(isId3 || isFrame).toBe(true);
		expect(r.raw.equals(server.data.recordings.get(withRec.lead_id)!)).toBe(true);

		const noRec = server.addLead({ lead_type: 'web_form' });
		const missing = await call(server, `/recording?lead_id=${noRec.lead_id}`);
		expect(missing.status).toBe(404);
		expect(missing.data.error_message).toBeTruthy();
		server.behaviour.recordingMissing = 400;
		expect((await call(server, `/recording?lead_id=${noRec.lead_id}`)).status).toBe(400);
		expect((await call(server, '/recording?lead_id=1')).data).toEqual({ error_message: 'Invalid lead ID.' });
		expect((await call(server, '/recording')).status).toBe(400);
	});
});

describe('agency resources', () => {
	const server = new WhatConvertsServer();
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => server.reset());

	it('lists accounts with their profiles; single GET bare or wrapped', async () => {
		const r = await call(server, '/accounts?order=asc');
		expect(r.data).toMatchObject({ page_number: 1, accounts_per_page: 25, total_pages: 1, total_accounts: 3 });
		expect(r.data.accounts[0]).toMatchObject({
			account_id: 1001,
			account_name: 'Acme Plumbing & Heating',
			profiles: [{ profile_id: 2001 }, { profile_id: 2002 }],
		});
		const wrapped = await call(server, '/accounts/1002');
		expect(wrapped.data).toMatchObject({ total_accounts: 1, accounts: [{ account_id: 1002 }] });
		server.behaviour.singleObject = 'bare';
		expect((await call(server, '/accounts/1002')).data).toMatchObject({ account_id: 1002, account_name: 'Brightside Dental' });
		expect((await call(server, '/accounts/1002/profiles/2003')).data).toMatchObject({ profile_id: 2003 });
		expect((await call(server, '/accounts/1002/profiles/2001')).status).toBe(400); // profile of another account
	});

	it('creates, renames and deletes accounts (with profiles, numbers and leads)', async () => {
		const created = await call(server, '/accounts', { form: { account_name: 'Northside Vet', create_profile: 'true' } });
		expect(created.data).toMatchObject({ account_name: 'Northside Vet', profiles: [{ profile_name: 'Northside Vet' }] });
		const id = created.data.account_id;
		const profileId = created.data.profiles[0].profile_id;
		server.addLeads(5, { profileId });
		server.data.numbers.push({ ...server.data.numbers[0], phone_number_id: 5999, account_id: id, profile_id: profileId });
		const renamed = await call(server, `/accounts/${id}`, { form: { account_name: 'Northside Veterinary' } });
		expect(renamed.data.account_name).toBe('Northside Veterinary');
		expect((await call(server, `/leads?account_id=${id}`)).data.leads[0].account).toBe('Northside Veterinary');
		const nameless = await call(server, '/accounts', { method: 'POST', form: {} });
		expect(nameless.status).toBe(400);
		expect(nameless.data.error_message).toMatch(/account_name/);

		const deleted = await call(server, `/accounts/${id}`, { method: 'DELETE' });
		expect(deleted.status).toBe(200);
		expect(server.data.profiles.some((p) => p.account_id === id)).toBe(false);
		expect(server.data.numbers.some((n) => n.account_id === id)).toBe(false);
		expect(server.data.leads.some((l) => l.account_id === id)).toBe(false);
		expect((await call(server, `/accounts/${id}`)).status).toBe(400);
	});

	it('manages profiles under an account; answers with ids when told to', async () => {
		server.behaviour.writeAnswer = 'idOnly';
		const created = await call(server, '/accounts/1003/profiles', { form: { profile_name: 'Summit - Gutters' } });
		expect(Object.keys(created.data)).toEqual(['profile_id']);
		const list = await call(server, '/accounts/1003/profiles?profiles_per_page=2&order=asc');
		expect(list.data).toMatchObject({ profiles_per_page: 2, total_pages: 2, total_profiles: 3 });
		const pid = created.data.profile_id;
		expect((await call(server, `/accounts/1003/profiles/${pid}`, { form: { profile_name: 'Summit - Gutters & Siding' } })).status).toBe(
			200,
		);
		expect(server.data.profile(pid)!.profile_name).toBe('Summit - Gutters & Siding');
		expect((await call(server, `/accounts/1003/profiles/${pid}`, { method: 'DELETE' })).status).toBe(200);
		expect(server.data.profile(pid)).toBeUndefined();
	});

	it('a profile key stops working when its profile is deleted', async () => {
		const s = new WhatConvertsServer();
		await s.start();
		try {
			expect((await call(s, '/leads', { key: s.keys.otherProfile })).status).toBe(200);
			await call(s, '/accounts/1002/profiles/2003', { method: 'DELETE' });
			expect((await call(s, '/leads', { key: s.keys.otherProfile })).status).toBe(401);
		} finally {
			await s.stop();
		}
	});

	it('lists users by type, shows details, creates and edits through POST /users', async () => {
		const masters = await call(server, '/users');
		expect(masters.data.users.every((u: { user_type: string }) => u.user_type === 'master_account_user')).toBe(true);
		expect(masters.data.users[0]).toEqual(
			expect.objectContaining({ role_name: expect.any(String), pending_activation: expect.any(Boolean) }),
		);
		const accountUsers = await call(server, '/users?user_type=account');
		expect(accountUsers.data.total_users).toBe(3);
		expect((await call(server, '/users?user_type=admins')).status).toBe(400);

		const created = await call(server, '/users', {
			json: { user_type: 'account_user', email: 'new@client.example', accounts: [{ account_id: 1002, role_id: 4005 }] },
		});
		expect(created.data).toMatchObject({
			user_type: 'account_user',
			email: 'new@client.example',
			pending_activation: true,
			accounts: [{ account_id: 1002, role_name: 'Lead Manager' }],
		});
		expect(server.log[server.log.length - 1].contentType).toBe('application/json');
		const edited = await call(server, '/users', { json: { user_id: created.data.user_id, email: 'renamed@client.example' } });
		expect(edited.data).toMatchObject({ user_id: created.data.user_id, email: 'renamed@client.example' });
		const one = await call(server, `/users/${created.data.user_id}`);
		expect(one.data.users[0].email).toBe('renamed@client.example');
		expect((await call(server, '/users', { json: { email: 'renamed@client.example' } })).status).toBe(400);
		expect((await call(server, '/users', { json: { user_id: 1 } })).status).toBe(400);
		expect((await call(server, '/users', { json: { email: 'x@y.example', role_id: 4004 } })).status).toBe(400); // account role for a master user
	});

	it('lists roles ordered by name; a single role has permissions and notifications', async () => {
		const r = await call(server, '/roles');
		expect(r.data.roles.map((x: { role_name: string }) => x.role_name)).toEqual(['Account Manager', 'Administrator', 'Analyst']);
		expect(Object.keys(r.data.roles[0])).toEqual(['role_id', 'role_type', 'role_name']);
		const acc = await call(server, '/roles?role_type=account&order=desc');
		expect(acc.data.roles.map((x: { role_name: string }) => x.role_name)).toEqual(['Read Only', 'Lead Manager', 'Account Admin']);
		const one = await call(server, '/roles/4003');
		expect(one.data.roles[0]).toMatchObject({
			role_name: 'Analyst',
			permissions: { leads: 'view', billing: 'none' },
			lead_notifications: { phone_call: false },
		});
		expect((await call(server, '/roles/1')).status).toBe(400);
	});
});

describe('tracking numbers and forms', () => {
	const server = new WhatConvertsServer();
	beforeAll(() => server.start());
	afterAll(() => server.stop());

	it('lists numbers and forms in their envelopes, scoped by key', async () => {
		const numbers = await call(server, '/tracking/numbers?numbers_per_page=5');
		expect(Object.keys(numbers.data)).toEqual(['page_number', 'numbers_per_page', 'total_pages', 'total_numbers', 'numbers']);
		expect(numbers.data).toMatchObject({ total_numbers: 18, total_pages: 4 });
		expect(numbers.data.numbers[0]).toMatchObject({
			account_id: 1001,
			profile_id: 2001,
			profile: 'acmeplumbing.com',
			phone_name: expect.any(String),
			tracking_number: expect.any(Number),
		});
		const own = await call(server, '/tracking/numbers', { key: server.keys.profile });
		expect(own.data.numbers.every((n: { profile_id: number }) => n.profile_id === 2001)).toBe(true);
		const forms = await call(server, '/tracking/forms?profile_id=2003');
		expect(Object.keys(forms.data)).toEqual(['page_number', 'forms_per_page', 'total_pages', 'total_forms', 'forms']);
		expect(forms.data.forms.map((f: { form_name: string }) => f.form_name)).toEqual(['Contact Us', 'Request a Quote', 'Newsletter Signup']);
	});

	it('deletes numbers and forms; a profile key only its own', async () => {
		const foreign = server.data.numbers.find((n) => n.profile_id === 2003)!;
		expect(
			(await call(server, `/tracking/numbers/${foreign.phone_number_id}`, { method: 'DELETE', key: server.keys.profile })).status,
		).toBe(400);
		const mine = server.data.numbers.find((n) => n.profile_id === 2001)!;
		const del = await call(server, `/tracking/numbers/${mine.phone_number_id}`, { method: 'DELETE', key: server.keys.profile });
		expect(del.status).toBe(200);
		expect(server.data.numbers).not.toContain(mine);
		const form = server.data.forms[0];
		expect((await call(server, `/tracking/forms/${form.form_id}`, { method: 'DELETE' })).status).toBe(200);
		expect((await call(server, `/tracking/forms/${form.form_id}`, { method: 'DELETE' })).status).toBe(400);
	});
});

describe('limits', () => {
	let clock = Date.parse('2025-05-05T23:59:00Z');
	const server = new WhatConvertsServer({ now: () => clock });
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => server.reset());

	it('answers the request over maxInFlight per key with an immediate 429', async () => {
		server.behaviour.latencyMs = 150;
		const started = Date.now();
		const results = await Promise.all(Array.from({ length: 24 }, () => call(server, '/roles')));
		const limited = results.filter((r) => r.status === 429);
		expect(limited).toHaveLength(4);
		expect(results.filter((r) => r.status === 200)).toHaveLength(20);
		expect(limited[0].headers.get('retry-after')).toBeNull();
		expect(limited[0].data.error_message).toMatch(/20/);
		expect(server.maxInFlightSeen).toBeGreaterThanOrEqual(21);
		const quick = server.log.filter((r) => r.status === 429);
		expect(quick.every((r) => r.endedAt - r.startedAt < 100)).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		// the limit is per key: another key is unaffected
		const mixed = await Promise.all([
			...Array.from({ length: 20 }, () => call(server, '/leads')),
			...Array.from({ length: 5 }, () => call(server, '/leads', { key: server.keys.profile })),
		]);
		expect(mixed.every((r) => r.status === 200)).toBe(true);
	});

	it('enforces the daily quota per key until 00:00 UTC', async () => {
		server.setQuotaUsed('profile', 999);
		expect((await call(server, '/leads', { key: server.keys.profile })).status).toBe(200);
		const over = await call(server, '/leads', { key: server.keys.profile });
		expect(over.status).toBe(429);
		expect(over.data).toEqual({ error_message: server.behaviour.quotaMessage });
		expect((await call(server, '/leads')).status).toBe(200); // master key has its own quota
		server.behaviour.quotaMessage = 'API limit exceeded.';
		expect((await call(server, '/leads', { key: server.keys.profile })).data.error_message).toBe('API limit exceeded.');
		clock += 60_000; // 00:00 UTC
		expect((await call(server, '/leads', { key: server.keys.profile })).status).toBe(200);
		server.behaviour.dailyQuota.master = 1;
		expect((await call(server, '/leads')).status).toBe(200);
		expect((await call(server, '/leads')).status).toBe(429);
	});

	it('plays backpressure windows without Retry-After', async () => {
		server.behaviour.backpressure = { periodMs: 1000, blockedMs: 1000 };
		const r = await call(server, '/leads');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBeNull();
		server.behaviour.backpressure = { periodMs: 200, blockedMs: 100 };
		const statuses = new Set<number>();
		for (let i = 0; i < 30 && statuses.size < 2; i++) {
			statuses.add((await call(server, '/leads')).status);
			await new Promise((res) => setTimeout(res, 17));
		}
		expect([...statuses].sort()).toEqual([200, 429]);
	});
});

describe('faults', () => {
	const server = new WhatConvertsServer();
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => server.reset());

	it('answers injected statuses with Retry-After and bodies, consumed in order', async () => {
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '2' }, times: 1 });
		server.injectFault({ fault: { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>' }, times: 1 });
		const a = await call(server, '/leads');
		expect(a.status).toBe(429);
		expect(a.headers.get('retry-after')).toBe('2');
		const b = await call(server, '/leads');
		expect(b.status).toBe(502);
		expect(b.type).toMatch(/text\/html/);
		expect((await call(server, '/leads')).status).toBe(200);
		expect(server.log.map((r) => r.status)).toEqual([429, 502, 200]);
	});

	it('matches method and path, and can skip requests first', async () => {
		server.injectFault({ fault: { kind: 'status', status: 500 }, times: 2, method: 'GET', path: /^\/leads\/\d+$/, afterRequests: 1 });
		const l = server.addLead({});
		expect((await call(server, '/leads')).status).toBe(200);
		expect((await call(server, `/leads/${l.lead_id}`)).status).toBe(200); // skipped
		const failed = await call(server, `/leads/${l.lead_id}`);
		expect(failed.status).toBe(500);
		expect(failed.data.error_message).toBeTruthy();
		expect((await call(server, `/leads/${l.lead_id}`)).status).toBe(500);
		expect((await call(server, `/leads/${l.lead_id}`)).status).toBe(200);
		server.injectFault({ fault: { kind: 'status', status: 503, retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT' }, times: 1, path: '/roles' });
		expect((await call(server, '/leads')).status).toBe(200);
		const r = await call(server, '/roles');
		expect(r.status).toBe(503);
		expect(r.headers.get('retry-after')).toBe('Wed, 21 Oct 2037 07:28:00 GMT');
	});

	it('drops connections, answers slowly, or answers with HTML', async () => {
		server.injectFault({ fault: { kind: 'drop' }, times: 1 });
		await expect(call(server, '/leads')).rejects.toThrow();
		expect(server.log[0].status).toBe(0);

		server.injectFault({ fault: { kind: 'slow', ms: 120 }, times: 1 });
		const t = Date.now();
		expect((await call(server, '/leads')).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(110);

		server.injectFault({ fault: { kind: 'nonJson' }, times: 1 });
		const html = await call(server, '/leads');
		expect(html.status).toBe(200);
		expect(html.type).toMatch(/text\/html/);
		expect(() => JSON.parse(html.text)).toThrow();
		expect((await call(server, '/leads')).status).toBe(200);
	});

	it('clearFaults and reset drop pending faults', async () => {
		server.injectFault({ fault: { kind: 'status', status: 500 }, times: 5 });
		server.clearFaults();
		expect((await call(server, '/leads')).status).toBe(200);
		server.injectFault({ fault: { kind: 'status', status: 500 }, times: 5 });
		server.reset();
		expect((await call(server, '/leads')).status).toBe(200);
		expect(server.log).toHaveLength(1);
	});
});

describe('a live account: changes between pages, held and lost answers', () => {
	let clock = Date.parse('2025-06-15T12:00:00Z');
	const server = new WhatConvertsServer({ now: () => clock });
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => {
		server.reseed();
		clock = Date.parse('2025-06-15T12:00:00Z');
	});
	const idsOf = (r: { data: { leads: Lead[] } }) => r.data.leads.map((l) => l.lead_id);

	it('runs beforeList hooks before a list page is answered, with its query and page; the page sees their changes', async () => {
		const leads = server.addLeads(6, { startAt: '2025-06-01T00:00:00Z', stepSeconds: 60, lead_type: 'web_form' });
		const seen: [number, number, string | string[] | undefined][] = [];
		server.beforeList(({ page, call, query }) => {
			seen.push([page, call, query.order]);
			if (page === 2) {
				server.deleteLead(leads[0].lead_id); // a lead of page 1 goes: the list moves left by one
				server.addLead({ date_created: '2025-06-01T00:10:00Z', lead_type: 'web_form' }); // one arrives at the end
			}
		});
		const p1 = await call(server, '/leads?order=asc&leads_per_page=3&page_number=1');
		const p2 = await call(server, '/leads?order=asc&leads_per_page=3&page_number=2');
		expect(idsOf(p1)).toEqual(leads.slice(0, 3).map((l) => l.lead_id));
		// page 2 now starts at the 5th lead: the 4th was never served by page number
		expect(idsOf(p2)).toEqual([leads[4].lead_id, leads[5].lead_id, p2.data.leads[2].lead_id]);
		expect(p2.data.total_leads).toBe(6);
		expect(seen).toEqual([
			[1, 1, 'asc'],
			[2, 2, 'asc'],
		]);
		await call(server, `/leads/${leads[1].lead_id}`); // not a list: no hook
		await call(server, '/roles');
		expect(seen).toHaveLength(2);
	});

	it('removes a hook by its return value or by reset(); hooks may wait', async () => {
		let calls = 0;
		const remove = server.beforeList(async () => {
			calls++;
			await new Promise((resolve) => setTimeout(resolve, 5));
		});
		server.beforeList(() => {
			calls++;
		}, '/tracking/numbers');
		await call(server, '/leads');
		await call(server, '/tracking/numbers');
		remove();
		await call(server, '/leads');
		expect(calls).toBe(2);
		server.reset();
		await call(server, '/tracking/numbers');
		expect(calls).toBe(2);
	});

	it('deletes and flags leads as the app does (the API cannot)', async () => {
		const [a, b, c] = server.addLeads(3, { lead_type: 'phone_call', recording: 'yes' });
		server.deleteLead(a.lead_id);
		expect((await call(server, `/leads/${a.lead_id}`)).status).toBe(400);
		expect(server.data.recordings.has(a.lead_id)).toBe(false);
		clock += 60_000;
		server.flagLead(b.lead_id, { spam: true });
		server.flagLead(c.lead_id, { duplicate: true, last_updated: c.last_updated });
		expect(idsOf(await call(server, '/leads'))).toEqual([]);
		const spam = await call(server, '/leads?spam=true');
		expect(idsOf(spam)).toEqual([b.lead_id]);
		expect(spam.data.leads[0].last_updated).toBe('2025-06-15T12:01:00Z');
		expect(idsOf(await call(server, '/leads?duplicate=true'))).toEqual([c.lead_id]);
		server.flagLead(b.lead_id, { spam: false });
		expect(idsOf(await call(server, '/leads'))).toEqual([b.lead_id]);
	});

	it('holds requests at a gate until the test opens it, then serves them with the data of that moment', async () => {
		server.addLeads(2, { lead_type: 'chat' });
		const gate = server.hold({ path: '/leads', times: 2 });
		const first = call(server, '/leads');
		const second = call(server, '/leads');
		await gate.reached(2);
		expect(server.log.map((r) => r.status)).toEqual([0, 0]);
		server.addLead({ lead_type: 'chat' });
		gate.open();
		const answers = await Promise.all([first, second]);
		expect(answers.map((r) => r.data.total_leads)).toEqual([3, 3]);
		expect((await call(server, '/leads')).status).toBe(200); // an open gate holds nothing
		expect(gate.arrived).toBe(2);
	});

	it('matches faults on query values: one page answers differently', async () => {
		server.addLeads(4);
		server.injectFault({ fault: { kind: 'status', status: 502 }, times: 1, path: '/leads', query: { page_number: '2' } });
		expect((await call(server, '/leads?leads_per_page=2&page_number=1')).status).toBe(200);
		expect((await call(server, '/leads?leads_per_page=2&page_number=2')).status).toBe(502);
		expect((await call(server, '/leads?leads_per_page=2&page_number=2')).status).toBe(200);
	});

	it('accepts a request and never answers until the client gives up', async () => {
		server.injectFault({ fault: { kind: 'silent' }, times: 1 });
		await expect(fetch(`${server.baseUrl}/roles`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(server.log[0]).toMatchObject({ status: 0 });
		expect(server.log[0].endedAt).toBeGreaterThan(0);
		expect((await call(server, '/roles')).status).toBe(200);
	});

	it('stays silent until it stops; stop() also lets held requests go', async () => {
		const s = new WhatConvertsServer();
		await s.start();
		s.injectFault({ fault: { kind: 'silent' }, times: Infinity, path: '/roles' });
		const outcome = (request: Promise<unknown>) =>
			request.then(
				() => 'answered',
				() => 'connection closed',
			);
		const silent = outcome(call(s, '/roles'));
		const gate = s.hold({ path: '/users' });
		const held = outcome(call(s, '/users'));
		await gate.reached(1);
		while (s.log.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
		await s.stop();
		expect(await Promise.all([silent, held])).toEqual(['connection closed', 'connection closed']);
		expect(gate.opened).toBe(true);
	});

	it('carries a request out, then answers 502 or drops the answer (executed faults)', async () => {
		const number = server.data.numbers.find((n) => n.profile_id === 2001)!;
		server.injectFault({
			fault: { kind: 'status', status: 502, body: '<html>Bad Gateway</html>' },
			times: 1,
			method: 'DELETE',
			executed: true,
		});
		const path = `/tracking/numbers/${number.phone_number_id}`;
		expect((await call(server, path, { method: 'DELETE' })).status).toBe(502);
		expect(server.data.numbers).not.toContain(number); // the delete was done
		const retry = await call(server, path, { method: 'DELETE' });
		expect([retry.status, retry.data]).toEqual([400, { error_message: 'Invalid phone number ID.' }]);

		server.injectFault({ fault: { kind: 'drop' }, times: 1, method: 'POST', path: '/leads', executed: true });
		const before = server.data.leads.length;
		await expect(call(server, '/leads', { key: server.keys.profile, form: { lead_type: 'web_form' } })).rejects.toThrow();
		expect(server.data.leads.length).toBe(before + 1); // created, though the answer was lost
		expect(server.log.map((r) => r.status)).toEqual([502, 400, 0]);
	});

	it('plays refusals at the edges: Retry-After 0 or past, a crowding 429 with X-RateLimit-Remaining: 0, other quota wordings', async () => {
		const past = new Date(clock - 3_600_000).toUTCString();
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: '0' }, times: 1 });
		server.injectFault({ fault: { kind: 'status', status: 429, retryAfter: past }, times: 1 });
		server.injectFault({
			fault: { kind: 'status', status: 429, body: '{"error_message":"Too many requests."}', headers: { 'X-RateLimit-Remaining': '0' } },
			times: 1,
		});
		const answers = [await call(server, '/leads'), await call(server, '/leads'), await call(server, '/leads')];
		expect(answers.map((r) => [r.status, r.headers.get('retry-after'), r.headers.get('x-ratelimit-remaining')])).toEqual([
			[429, '0', null],
			[429, past, null],
			[429, null, '0'],
		]);
		server.behaviour.quotaMessage = 'API request limit exceeded.';
		server.setQuotaUsed('profile', 1000);
		expect((await call(server, '/leads', { key: server.keys.profile })).data).toEqual({ error_message: 'API request limit exceeded.' });
	});

	it('counts refused requests against the daily quota, or not (refusalsCount)', async () => {
		for (const refusalsCount of [true, false]) {
			server.reset();
			server.behaviour.refusalsCount = refusalsCount;
			server.behaviour.dailyQuota.profile = 3;
			server.injectFault({ fault: { kind: 'status', status: 429 }, times: 2 });
			server.behaviour.backpressure = { periodMs: 1e9, blockedMs: 1e9 };
			const profileKey = { key: server.keys.profile };
			expect((await call(server, '/leads', profileKey)).status).toBe(429); // injected
			expect((await call(server, '/leads', profileKey)).status).toBe(429); // injected
			expect((await call(server, '/leads', profileKey)).data.error_message).toMatch(/slow down/); // backpressure
			server.behaviour.backpressure = undefined;
			const next = await call(server, '/leads', profileKey);
			expect([refusalsCount, next.status]).toEqual([refusalsCount, refusalsCount ? 429 : 200]);
		}
	});

	it('a profile key asked for another profile: its own leads (the filter ignored), or 400', async () => {
		server.addLeads(2, { profileId: 2001 });
		server.addLeads(2, { profileId: 2003 });
		const ignored = await call(server, '/leads?profile_id=2003', { key: server.keys.profile });
		expect(ignored.data.leads.map((l: Lead) => l.profile_id)).toEqual([2001, 2001]);
		server.behaviour.profileKeyScopeFilters = 'reject';
		expect((await call(server, '/leads?account_id=1002', { key: server.keys.profile })).status).toBe(400);
	});
});

describe('undocumented list behaviours, each way', () => {
	const server = new WhatConvertsServer({ now: () => Date.parse('2025-06-15T12:00:00Z') });
	beforeAll(() => server.start());
	afterAll(() => server.stop());
	beforeEach(() => server.reseed());
	const idsOf = (r: { data: { leads: Lead[] } }) => r.data.leads.map((l) => l.lead_id);

	it('orders leads of one second by id, or shuffled anew per request (seeded, reproducible)', async () => {
		const tied = server.addLeads(40, { startAt: '2025-06-10T09:00:00Z', stepSeconds: 0, lead_type: 'event' });
		const byId = tied.map((l) => l.lead_id);
		expect(idsOf(await call(server, '/leads?order=asc&leads_per_page=100'))).toEqual(byId);
		const shuffled = async () => {
			server.reset();
			Object.assign(server.behaviour, { tieOrder: 'shuffled', tieSeed: 7 });
			const orders = [];
			for (let i = 0; i < 3; i++) orders.push(idsOf(await call(server, '/leads?order=asc&leads_per_page=100')));
			return orders;
		};
		const orders = await shuffled();
		expect(new Set(orders.map((o) => o.join())).size).toBe(3);
		for (const order of orders) expect([...order].sort()).toEqual([...byId].sort());
		// the same seed and requests since reset() give the same orders
		expect(await shuffled()).toEqual(orders);
		// pages of a shuffled tie can repeat and skip leads
		const p1 = idsOf(await call(server, '/leads?order=asc&leads_per_page=20&page_number=1'));
		const p2 = idsOf(await call(server, '/leads?order=asc&leads_per_page=20&page_number=2'));
		expect(new Set([...p1, ...p2]).size).toBeLessThan(40);
	});

	it('applies start_date / end_date to the second, or by the day only', async () => {
		server.addLeads(24, { startAt: '2025-06-01T00:00:00Z', stepSeconds: 3600, lead_type: 'web_form' });
		const q = '/leads?start_date=2025-06-01T05:00:00Z&end_date=2025-06-01T07:30:00Z&order=asc';
		expect((await call(server, q)).data.total_leads).toBe(3);
		server.behaviour.dateFilter = 'day';
		const byDay = await call(server, q);
		expect(byDay.data.total_leads).toBe(24);
		expect(byDay.data.leads[0].date_created).toBe('2025-06-01T00:00:00Z');
	});

	it('writes dates with Z, or zone-less (UTC) in every answer and delivery', async () => {
		const lead = server.addLead({ date_created: '2025-01-31T13:45:00Z', lead_type: 'chat' });
		server.behaviour.dateFormat = 'zoneless';
		const list = await call(server, '/leads');
		expect(list.data.leads[0]).toMatchObject({ date_created: '2025-01-31 13:45:00', last_updated: '2025-01-31 13:45:00' });
		expect((await call(server, `/leads/${lead.lead_id}?customer_journey=true`)).data.leads[0].customer_journey.at(-1).date).toBe(
			'2025-01-31 13:45:00',
		);
		expect((await call(server, '/accounts')).data.accounts[0].date_created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		expect(server.delivery(lead, 'new')).toMatchObject({ date_created: '2025-01-31 13:45:00' });
		expect(lead.date_created).toBe('2025-01-31T13:45:00Z'); // stored as ever
	});

	it('filters spam and duplicates: true only flagged; not sent and false each way', async () => {
		const [clean, spam, dup, both] = server.addLeads(4, { lead_type: 'email' });
		server.flagLead(spam.lead_id, { spam: true });
		server.flagLead(dup.lead_id, { duplicate: true });
		server.flagLead(both.lead_id, { spam: true, duplicate: true });
		const ids = async (qs: string) => idsOf(await call(server, `/leads?order=asc${qs}`));
		const all = [clean, spam, dup, both].map((l) => l.lead_id);
		// default: flagged leads left out, whether the flag is not sent or false
		expect(await ids('')).toEqual([clean.lead_id]);
		expect(await ids('&spam=false&duplicate=false')).toEqual([clean.lead_id]);
		expect(await ids('&spam=true')).toEqual([spam.lead_id]);
		expect(await ids('&spam=true&duplicate=true')).toEqual([both.lead_id]);
		server.behaviour.flagFilter = { omitted: 'unflagged', false: 'all' };
		expect(await ids('&spam=false&duplicate=false')).toEqual(all);
		expect(await ids('&spam=false')).toEqual([clean.lead_id, spam.lead_id]);
		server.behaviour.flagFilter = { omitted: 'all', false: 'unflagged' };
		expect(await ids('')).toEqual(all);
		expect(await ids('&spam=false')).toEqual([clean.lead_id, dup.lead_id]);
		expect(await ids('&duplicate=true')).toEqual([dup.lead_id, both.lead_id]);
	});

	it('plays a call through its life; lists show it while in progress, or only once completed', async () => {
		const call1 = server.startCall({ date_created: '2025-06-15T11:58:00Z' });
		expect(call1).toMatchObject({
			lead_type: 'Phone Call',
			lead_state: 'In Progress',
			call_status: 'In Progress',
			call_duration_seconds: null,
		});
		expect(call1.last_updated).toBe(call1.date_created);
		expect(server.data.recordings.has(call1.lead_id)).toBe(false);
		expect(idsOf(await call(server, '/leads'))).toEqual([call1.lead_id]);
		server.behaviour.listsInProgress = false;
		expect(idsOf(await call(server, '/leads'))).toEqual([]);
		expect((await call(server, `/leads/${call1.lead_id}`)).data.leads[0].lead_state).toBe('In Progress');

		const done = server.completeCall(call1.lead_id, { durationSeconds: 13 });
		expect(done).toMatchObject({
			lead_state: 'Completed',
			call_status: 'Completed',
			call_duration: '13 seconds',
			call_duration_seconds: 13,
		});
		expect(done.last_updated).toBe('2025-06-15T11:58:13Z');
		expect(idsOf(await call(server, '/leads'))).toEqual([call1.lead_id]);

		const chat = server.startCall({ lead_type: 'chat', lead_state: 'In Progess' });
		expect([chat.lead_type, chat.lead_state, chat.call_status]).toEqual(['Chat', 'In Progess', undefined]);
		expect(idsOf(await call(server, '/leads?lead_type=chat'))).toEqual([]);
		expect(server.completeCall(chat.lead_id).last_updated).toBe('2025-06-15T12:00:00Z');
	});

	it('gives webhook deliveries in the vendor shape: trigger first, older ones without last_updated or lead_state', () => {
		const ringing = server.startCall({ date_created: '2025-06-15T11:59:00Z' });
		const first = server.delivery(ringing.lead_id, 'new');
		expect(Object.keys(first)[0]).toBe('trigger');
		expect(first).toMatchObject({ trigger: 'new', lead_id: ringing.lead_id, lead_state: 'In Progress', call_status: 'In Progress' });
		expect(first).toMatchObject({ call_duration_seconds: null, recording: null });
		server.completeCall(ringing.lead_id, { durationSeconds: 40 });
		const old = server.delivery(ringing, 'update', ['last_updated', 'lead_state']);
		expect(old).toMatchObject({ trigger: 'update', call_status: 'Completed', call_duration_seconds: 40 });
		expect(old).not.toHaveProperty('last_updated');
		expect(old).not.toHaveProperty('lead_state');
		expect(server.delivery(ringing, 'update')).toEqual(server.delivery(ringing, 'update')); // a repeat is the same body
	});

	it('makes leads as WhatConverts sends them (leadShape real, the default), or tidy when asked', async () => {
		server.behaviour.leadShape = 'tidy';
		const tidy = server.addLeads(50, { lead_type: 'phone_call' });
		expect(tidy.every((l) => l.last_updated === l.date_created && l.contact_name)).toBe(true);

		server.behaviour.leadShape = 'real';
		const calls = server.addLeads(200, { startAt: '2025-06-01T00:00:00Z', lead_type: 'phone_call' });
		for (const c of calls) {
			const took = (Date.parse(c.last_updated) - Date.parse(c.date_created)) / 1000;
			expect([c.lead_id, took >= Math.max(1, c.call_duration_seconds! - 1) && took <= c.call_duration_seconds! + 4]).toEqual([
				c.lead_id,
				true,
			]);
		}
		const emptyContact = calls.filter((c) => c.contact_name === '' && c.contact_phone_number === '');
		expect(emptyContact.length).toBeGreaterThan(100);
		expect(emptyContact.filter((c) => c.caller_name && c.phone_number).length).toBeGreaterThan(50);
		const json = (await call(server, `/leads/${calls[0].lead_id}`)).data.leads[0];
		expect(json).toHaveProperty('google_analytics_client_id');
		expect(json).toHaveProperty('facebook_click_id');
		expect(json).not.toHaveProperty('ga_client_id');
		expect(json).toMatchObject({ caller_city: expect.any(String), spotted_keywords: expect.any(String) });

		const [chat] = server.addLeads(1, { lead_type: 'chat' });
		expect(chat.additional_fields).toMatchObject({ full_name: expect.any(String), email_address: expect.stringContaining('@') });
		const [form] = server.addLeads(1, { lead_type: 'web_form', contact_name: '' });
		expect(form.additional_fields).toMatchObject({ Name: expect.any(String) });
		// a real call added now has just ended
		const latest = server.addLead({ lead_type: 'phone_call' });
		expect(latest.last_updated).toBe('2025-06-15T12:00:00Z');
		expect(Date.parse(latest.date_created)).toBeLessThan(Date.parse(latest.last_updated));
	});
});

describe('demo seed', () => {
	const now = Date.parse('2025-09-01T12:00:00Z');

	it('is realistic and deterministic', () => {
		const a = new WhatConvertsServer({ seed: 'demo', now: () => now });
		const b = new WhatConvertsServer({ seed: 'demo', now: () => now });
		expect(JSON.stringify(a.data.leads)).toBe(JSON.stringify(b.data.leads));
		const leads = a.data.leads;
		expect(leads.length).toBe(3000);
		expect(a.data.accounts).toHaveLength(3);
		expect(a.data.profiles).toHaveLength(6);
		expect(new Set(leads.map((l) => l.lead_type)).size).toBe(9);
		expect(new Set(leads.map((l) => l.profile_id)).size).toBe(6);
		expect(leads.some((l) => l.spam)).toBe(true);
		expect(leads.some((l) => l.duplicate)).toBe(true);
		expect(leads.some((l) => l.lead_status === 'Repeat')).toBe(true);
		expect(leads.some((l) => l.lead_state === 'In Progress')).toBe(true);
		expect(a.data.recordings.size).toBeGreaterThan(500);
		expect(Date.parse(leads[0].date_created)).toBeLessThan(now - 600 * DAY);
		expect(Date.parse(leads[leads.length - 1].date_created)).toBeLessThanOrEqual(now);
		for (let i = 1; i < leads.length; i++) expect(leads[i - 1].date_created <= leads[i].date_created).toBe(true);
		const call1 = leads.find((l) => l.recording)!;
		expect(a.data.recordings.has(call1.lead_id)).toBe(true);
		expect(new Set(leads.map((l) => l.lead_source)).size).toBeGreaterThan(5);
	});

	it('the empty seed has the same agency and no leads', () => {
		const s = new WhatConvertsServer();
		expect(s.data.leads).toEqual([]);
		expect(s.data.accounts.map((a) => a.account_id)).toEqual([1001, 1002, 1003]);
		expect(s.keys.profile).toMatchObject({ kind: 'profile', accountId: 1001, profileId: 2001 });
	});
});

describe('body parsing', () => {
	it('nests bracket keys like PHP', () => {
		expect(
			nest([
				['additional_fields[Name]', 'Pat'],
				['additional_fields[Zip Code]', '78701'],
				['accounts[]', '1'],
				['accounts[]', '2'],
				['users[0][account_id]', '7'],
				['users[0][role_id]', '8'],
				['users[1][account_id]', '9'],
				['list[][a]', 'x'],
				['list[][b]', 'y'],
				['list[][a]', 'z'],
				['tag', 'a'],
				['tag', 'b'],
			]),
		).toEqual({
			additional_fields: { Name: 'Pat', 'Zip Code': '78701' },
			accounts: ['1', '2'],
			users: [{ account_id: '7', role_id: '8' }, { account_id: '9' }],
			list: [{ a: 'x', b: 'y' }, { a: 'z' }],
			tag: ['a', 'b'],
		});
	});

	it('parses multipart bodies', () => {
		const raw = Buffer.from(
			'--XX\r\nContent-Disposition: form-data; name="a[b]"\r\n\r\nline 1\r\nline 2\r\n--XX\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XX--\r\n',
		);
		expect(parseBody(raw, 'multipart/form-data; boundary=XX')).toEqual({ a: { b: 'line 1\r\nline 2' }, f: 'hi' });
	});
});

describe('performance', () => {
	it('serves a 2500-lead page from 100,000 leads quickly', async () => {
		const server = new WhatConvertsServer();
		server.behaviour.dailyQuota.master = 1e6;
		server.addLeads(100_000, { startAt: '2024-01-01T00:00:00Z', stepSeconds: 300 });
		server.warmCache();
		await server.start();
		try {
			const timings: number[] = [];
			for (let page = 1; page <= 4; page++) {
				for (let pass = 0; pass < 2; pass++) {
					const r = await call(server, `/leads?leads_per_page=2500&page_number=${page}`);
					expect(r.data.leads).toHaveLength(2500);
					const logged = server.log[server.log.length - 1];
					timings.push(logged.endedAt - logged.startedAt);
				}
			}
			// generous bound for slow CI machines; typical: a few ms warm
			expect(Math.min(...timings)).toBeLessThan(50);
		} finally {
			await server.stop();
		}
	});
});
