// The webhook trigger in n8n's real WebhookContext, behind an HTTP endpoint answering as n8n's
// webhook server does, fed with the JSON bodies WhatConverts sends.
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { loadPackage } from './harness/n8n';
import { WebhookTriggerServer } from './harness/triggers';
import { generateLead, WhatConvertsServer } from './server';

// A lead as WhatConverts posts it: the lead with display labels, plus "trigger".
const store = new WhatConvertsServer();
function delivery(trigger: string, overrides: IDataObject = {}): IDataObject {
	const profile = store.data.profiles[0];
	const account = store.data.account(profile.account_id)!;
	const lead = generateLead({ leadId: 70001234, profile, account, date: '2025-03-10T08:00:00Z', type: 'phone_call' });
	return { ...lead, lead_state: 'Completed', additional_fields: [], ...overrides, trigger };
}

async function withTrigger(parameters: INodeParameters, test: (hook: WebhookTriggerServer) => Promise<void>) {
	const hook = new WebhookTriggerServer(parameters);
	await hook.start();
	try {
		await test(hook);
	} finally {
		await hook.stop();
	}
}

describe('WhatConverts Webhook Trigger', () => {
	it('answers 200 at once and starts one execution with the lead, maps normalised', async () => {
		await withTrigger({ events: ['new'] }, async (hook) => {
			expect(hook.url).toMatch(/\/webhook\/5f0c4a2e-8d1b-4c7e-9a3f-2b6d8e1f0a9c\/whatconverts$/);
			const response = await hook.post(delivery('new'));
			expect(response).toEqual({ status: 200, body: { message: 'Workflow was started' } });
			expect(hook.executions).toHaveLength(1);
			expect(hook.executions[0]).toHaveLength(1);
			expect(hook.executions[0][0]).toMatchObject({ lead_id: 70001234, trigger: 'new', lead_type: 'Phone Call' });
			expect(hook.executions[0][0].additional_fields).toEqual({});
		});
	});

	it('with a secret: the right one passes, a wrong or missing one gets 401 and starts nothing', async () => {
		await withTrigger({ events: ['new', 'update'], secret: 's3cr3t-value' }, async (hook) => {
			const missing = await hook.post(delivery('new'));
			expect(missing.status).toBe(401);
			expect(missing.body).toEqual({ message: 'Missing or wrong "secret" query parameter' });
			const wrong = await hook.post(delivery('new'), '?secret=s3cr3t-valuE');
			expect(wrong.status).toBe(401);
			const twice = await hook.post(delivery('new'), '?secret=s3cr3t-value&secret=s3cr3t-value');
			expect(twice.status).toBe(401);
			expect(hook.executions).toHaveLength(0);

			const right = await hook.post(delivery('update'), '?secret=s3cr3t-value');
			expect(right.status).toBe(200);
			expect(hook.executions).toHaveLength(1);
		});
	});

	it('passes only the chosen events; others get 200 and start nothing', async () => {
		await withTrigger({ events: ['update'] }, async (hook) => {
			const ignored = await hook.post(delivery('new'));
			expect(ignored).toEqual({
				status: 200,
				body: { received: true, started: false, reason: 'event "new" is not one of: update' },
			});
			expect((await hook.post(delivery('update'))).status).toBe(200);
			expect((await hook.post({ hello: 'not a lead' })).status).toBe(200);
			expect(hook.executions.map((items) => items[0].trigger)).toEqual(['update']);
		});
	});

	it('passes only the chosen lead types (labels as WhatConverts sends them)', async () => {
		await withTrigger({ events: ['new'], leadTypes: ['web_form', 'chat'] }, async (hook) => {
			const call = await hook.post(delivery('new'));
			expect(call.body).toMatchObject({ started: false, reason: 'lead type "Phone Call" is not one of: web_form, chat' });
			await hook.post(delivery('new', { lead_type: 'Web Form' }));
			await hook.post(delivery('new', { lead_type: 'Chat' }));
			expect(hook.executions.map((items) => items[0].lead_type)).toEqual(['Web Form', 'Chat']);
		});
	});

	it('with "only completed", a call sent in progress and again completed runs once', async () => {
		await withTrigger({ events: ['new', 'update'], onlyCompleted: true }, async (hook) => {
			const inProgress = await hook.post(delivery('new', { lead_state: 'In Progress' }));
			expect(inProgress.body).toMatchObject({ started: false, reason: expect.stringMatching(/not completed yet/) });
			await hook.post(delivery('new', { lead_type: 'Chat', lead_state: 'In Progress' }));
			await hook.post(delivery('update', { lead_state: 'Completed' }));
			// Other types have no in-progress state to wait for.
			await hook.post(delivery('new', { lead_type: 'Web Form', lead_state: 'In Progress' }));
			expect(hook.executions.map((items) => [items[0].lead_type, items[0].lead_state])).toEqual([
				['Phone Call', 'Completed'],
				['Web Form', 'In Progress'],
			]);
		});
	});

	it('without "only completed", passes both deliveries of a call', async () => {
		await withTrigger({ events: ['new', 'update'] }, async (hook) => {
			await hook.post(delivery('new', { lead_state: 'In Progress' }));
			await hook.post(delivery('update', { lead_state: 'Completed' }));
			expect(hook.executions).toHaveLength(2);
		});
	});

	it('has every webhook lifecycle method, and they say there is nothing to register', async () => {
		const pkg = await loadPackage();
		const type = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConvertsWebhookTrigger', 1) as INodeType;
		expect(type.description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'whatconverts' },
		]);
		expect(type.description.usableAsTool).toBeUndefined();
		const methods = type.webhookMethods!.default!;
		const hookContext = {} as never;
		expect(await methods.checkExists.call(hookContext)).toBe(false);
		expect(await methods.create.call(hookContext)).toBe(true);
		expect(await methods.delete.call(hookContext)).toBe(true);
		const polling = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-whatconverts.whatConvertsTrigger', 1) as INodeType;
		expect(polling.description.polling).toBe(true);
		expect(polling.description.usableAsTool).toBeUndefined();
	});
});
