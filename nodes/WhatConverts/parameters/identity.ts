import type { INode } from 'n8n-workflow';

import { inputError, shown } from './check';

/**
 * The values that identify a lead (an email address, a phone number, a visitor id) in the one form
 * Find or Create looks leads up by, remembers and creates them with: two spellings of one identity
 * are one lead.
 */
export type IdentityField = 'email_address' | 'phone_number' | 'user_id';

// Spaces, brackets, dots, dashes and slashes group a number's digits.
const PHONE_GROUPING = /[\s().\-/]/g;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** An extension ("ext. 45", "x45", "#45"): no part of E.164, and two desks of one number are not one customer. */
const EXTENSION = /(\bext\b\.?|\bextension\b|\d\s*x|#)\s*\d{1,6}\s*$/i;
/** Dialling out of the country of the default country code: "+" and "00" anywhere, "011" from North America, "0011" from Australia. */
const EXIT_CODES: Record<number, string> = { 1: '011', 61: '0011' };

/**
 * A phone number in E.164 (+15555550123), the form WhatConverts filters and creates take. A number
 * after "+", "00" or the default country's own exit code (011 from +1, 0011 from +61) is international,
 * and a "(0)" after its country code (the trunk digit not dialled from abroad) is dropped; any other
 * number is national, of the default country code: for +1, ten digits with an optional leading 1; for
 * any other, one leading trunk 0 is dropped.
 * Undefined when it is no such number: letters (a vanity number is no customer's identity) and
 * extensions included.
 */
export function e164(value: string, countryCode: number): string | undefined {
	const text = value.trim();
	if (EXTENSION.test(text)) return undefined;
	const exit = EXIT_CODES[countryCode];
	const prefix = exit && text.replace(PHONE_GROUPING, '').startsWith(exit) ? exit : /^(\+|00)/.exec(text)?.[0];
	let rest = text;
	if (prefix) {
		// the exit code's characters, whatever groups them
		let at = 0;
		for (let left = prefix; left && at < rest.length; at++) {
			if (rest[at] === left[0]) left = left.slice(1);
			else if (!/[\s().\-/]/.test(rest[at])) return undefined;
		}
		rest = rest.slice(at);
		// "+44 (0)20 ...": the trunk 0 that is not dialled from abroad
		rest = rest.replace(/^[\s.\-/]*(\d{1,3})[\s.\-/]*\(0\)/, '$1');
	}
	const digits = rest.replace(PHONE_GROUPING, '');
	if (!/^\d+$/.test(digits)) return undefined;
	let number = digits;
	if (!prefix) {
		if (countryCode === 1) {
			if (!/^1?[2-9]\d{9}$/.test(digits)) return undefined;
			number = `1${digits.slice(-10)}`;
		} else {
			number = `${countryCode}${digits.replace(/^0/, '')}`;
		}
	}
	return /^[1-9]\d{6,14}$/.test(number) ? `+${number}` : undefined;
}

/** What a value of each identity may be, as a refusal says it. */
function allowed(field: IdentityField, countryCode: number): string {
	if (field === 'email_address') return 'An email address such as name@example.com.';
	if (field === 'user_id') return 'The WhatConverts visitor ID, as text.';
	const national =
		countryCode === 1
			? 'a North American number of 10 digits, e.g. (555) 555-0123 or 1 555 555 0123'
			: `a national number of country code +${countryCode}, e.g. 020 7946 0000 (its leading 0 is dropped)`;
	const exit = EXIT_CODES[countryCode] ? `, ${EXIT_CODES[countryCode]}` : '';
	return `A phone number in E.164, e.g. +15555550123 (00${exit} for + works too), or ${national}; digits grouped by spaces, dots, dashes or brackets, without an extension. Change 'Default Country Code' for another country's national numbers.`;
}

/** The identity's one form: an email address trimmed and in lower case, a phone number in E.164, a visitor id trimmed. */
export function identityForm(field: IdentityField, value: string, countryCode: number): string | undefined {
	const trimmed = value.trim();
	if (field === 'email_address') return EMAIL.test(trimmed) ? trimmed.toLowerCase() : undefined;
	if (field === 'phone_number') return e164(trimmed, countryCode);
	return trimmed || undefined;
}

/** The identity's one form, or the refusal that names the field, the value and what is allowed. */
export function normalIdentity(
	node: INode,
	label: string,
	field: IdentityField,
	value: string,
	countryCode: number,
	itemIndex?: number,
): string {
	const normal = identityForm(field, value, countryCode);
	if (normal === undefined) {
		const what = { email_address: 'an email address', phone_number: 'a phone number', user_id: 'a visitor ID' }[field];
		throw inputError(node, `${label} "${shown(value)}" is not ${what}`, allowed(field, countryCode), itemIndex);
	}
	return normal;
}
