import type { IDataObject } from 'n8n-workflow';

/** What WhatConverts answered, as the transport sees it. */
export interface ApiAnswer {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
	/**
	 * A delete whose retry WhatConverts answered "not found" after an earlier attempt's answer was lost:
	 * that attempt did it. What the earlier attempt got, and what the retry was told.
	 */
	goneAfter?: { lostAnswer: string; said?: string };
}

/** A header of an answer or request, whatever the case of its name. */
export function headerOf(headers: IDataObject, name: string): string | undefined {
	const lower = name.toLowerCase();
	const key = lower in headers ? lower : Object.keys(headers).find((k) => k.toLowerCase() === lower);
	const value = key === undefined ? undefined : headers[key];
	return value === undefined || value === null ? undefined : String(value);
}

/** A body that arrived as text or bytes, as text; '' for a parsed body. */
export function bodyText(body: unknown): string {
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	if (typeof body === 'string') return body;
	return '';
}

/** The API's own `error_message`, whether the body arrived parsed, as text, or as bytes. */
export function apiMessageOf(body: unknown): string | undefined {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof ArrayBuffer)) {
		const message = (body as IDataObject).error_message;
		return typeof message === 'string' ? message : undefined;
	}
	const text = bodyText(body).trim();
	if (!text.startsWith('{')) return undefined;
	try {
		return apiMessageOf(JSON.parse(text));
	} catch {
		return undefined;
	}
}
