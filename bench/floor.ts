/**
 * The floor: bare HTTP loops with Node's own http module and a keep-alive agent, no n8n at all.
 * They fetch the same pages (and the same single leads) the node fetches, into plain objects.
 */
import http from 'node:http';

import type { Key } from './protocol';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Answer {
	status: number;
	body: Buffer;
}

function call(url: string, key: Key, form?: string): Promise<Answer> {
	const auth = `Basic ${Buffer.from(`${key.token}:${key.secret}`).toString('base64')}`;
	const headers: http.OutgoingHttpHeaders = { Authorization: auth, Accept: 'application/json' };
	if (form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
	return new Promise((resolve, reject) => {
		const req = http.request(url, { agent, method: form === undefined ? 'GET' : 'POST', headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(form);
	});
}

const get = (url: string, key: Key) => call(url, key);

function parse(answer: Answer, url: string): Record<string, unknown> {
	if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${answer.body.toString('utf8', 0, 200)}`);
	return JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
}

/** page_number 1, 2, ... at leads_per_page=2500 until total_pages: the same requests as the node. */
export async function floorReturnAll(baseUrl: string, key: Key): Promise<{ leads: object[]; bytes: number }> {
	const leads: object[] = [];
	let bytes = 0;
	for (let page = 1; ; page++) {
		const url = `${baseUrl}/leads?leads_per_page=2500&page_number=${page}`;
		const answer = await get(url, key);
		bytes += answer.body.length;
		const envelope = parse(answer, url);
		const pageLeads = envelope.leads as object[];
		for (const lead of pageLeads) leads.push(lead);
		if (page >= Number(envelope.total_pages) || pageLeads.length === 0) return { leads, bytes };
	}
}

/**
 * `workers` loops that each take the next id and GET /leads/{id} (or POST its sales value); 429s are
 * counted by the server, not retried.
 */
export async function floorFanOut(
	baseUrl: string,
	key: Key,
	ids: number[],
	workers: number,
	operation: 'get' | 'update',
): Promise<object[]> {
	const leads: object[] = new Array(ids.length);
	let next = 0;
	const worker = async () => {
		while (next < ids.length) {
			const index = next++;
			const url = `${baseUrl}/leads/${ids[index]}`;
			const answer = operation === 'get' ? await get(url, key) : await call(url, key, `sales_value=${index}`);
			const envelope = parse(answer, url);
			leads[index] = Array.isArray(envelope.leads) ? (envelope.leads as object[])[0] : envelope;
		}
	};
	await Promise.all(Array.from({ length: workers }, worker));
	return leads;
}
