// Call recordings: the MP3 bytes into a binary property, through n8n's real engine.
import { runNode } from './harness/n8n';
import { credentialsFor, useServer } from './harness/whatconverts';
import { recordingFor } from './server';

const server = useServer();

const recordedCall = () => server.addLead({ lead_type: 'phone_call', recording: 'yes' });
const download = (leadId: unknown, extra: Record<string, unknown> = {}) =>
	runNode({
		parameters: { resource: 'recording', operation: 'get', leadId: String(leadId), ...extra },
		credentials: credentialsFor(server),
	});

describe('recording get', () => {
	it('puts the MP3 into the binary property "data" with its bytes, name and mime type intact', async () => {
		const lead = recordedCall();
		const { items, error } = await download(lead.lead_id);
		expect(error).toBeUndefined();
		expect(server.log.map((entry) => [entry.method, entry.path, entry.query])).toEqual([
			['GET', '/recording', { lead_id: String(lead.lead_id) }],
		]);
		const expected = recordingFor(lead.lead_id);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ lead_id: lead.lead_id, size: expected.length });
		const binary = items[0].binary?.data;
		expect(binary).toMatchObject({ mimeType: 'audio/mpeg', fileName: `recording-${lead.lead_id}.mp3`, fileExtension: 'mp3' });
		expect(Buffer.from(binary!.data, 'base64').equals(expected)).toBe(true);
	});

	it('uses the binary property the user names, one file per input item', async () => {
		const [first, second] = [recordedCall(), recordedCall()];
		const { items, error } = await runNode({
			parameters: { resource: 'recording', operation: 'get', leadId: '={{ $json.lead_id }}', binaryPropertyName: 'audio' },
			items: [{ lead_id: first.lead_id }, { lead_id: second.lead_id }],
			credentials: credentialsFor(server),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => Object.keys(item.binary ?? {}))).toEqual([['audio'], ['audio']]);
		expect(Buffer.from(items[1].binary!.audio.data, 'base64').equals(recordingFor(second.lead_id))).toBe(true);
		expect(items[1].binary!.audio.fileName).toBe(`recording-${second.lead_id}.mp3`);
	});

	it.each([404, 400] as const)('a lead without a recording (API answers %i) is a clear error, not an empty file', async (status) => {
		server.behaviour.recordingMissing = status;
		const lead = server.addLead({ lead_type: 'web_form' });
		const { items, error } = await download(lead.lead_id);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(`Lead ${lead.lead_id} has no call recording to download`);
		expect(error?.description).toMatch(/No recording found for this lead/);
		expect(error?.description).toMatch(/recorded phone call/);
		expect(server.log).toHaveLength(1);
	});

	it('an unknown lead says the same, with the API message', async () => {
		const { error } = await download(99999999);
		expect(error?.message).toBe('Lead 99999999 has no call recording to download');
		expect(error?.description).toMatch(/Invalid lead ID/);
	});

	it('an empty body is an error, not an empty file', async () => {
		const lead = recordedCall();
		server.injectFault({ path: '/recording', times: 1, fault: { kind: 'status', status: 200, body: '', contentType: 'audio/mpeg' } });
		const { error } = await download(lead.lead_id);
		expect(error?.message).toBe(`Lead ${lead.lead_id} has no call recording to download`);
		expect(error?.description).toMatch(/empty file/);
	});

	it('a non-audio body (an HTML page, a JSON message) is an error, not a file', async () => {
		const lead = recordedCall();
		server.injectFault({ path: '/recording', times: 1, fault: { kind: 'nonJson' } });
		const html = await download(lead.lead_id);
		expect(html.error?.description).toMatch(/text\/html.*instead of audio/);
		server.injectFault({
			path: '/recording',
			times: 1,
			fault: { kind: 'status', status: 200, body: '{"error_message":"Recording is processing."}' },
		});
		const json = await download(lead.lead_id);
		expect(json.error?.description).toMatch(/application\/json instead of audio.*Recording is processing/);
	});

	it('refuses a lead ID that is not a number before any request', async () => {
		const { error } = await download('call-17');
		expect(error?.message).toMatch(/Lead ID "call-17" is not a WhatConverts ID/);
		expect(server.log).toHaveLength(0);
	});
});
