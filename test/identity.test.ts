// One identity for every spelling: real-world phone spellings per country, each with the E.164 form
// Find or Create looks leads up by and creates them with, or the refusal it must get.
import { e164, identityForm } from '../nodes/WhatConverts/parameters/identity';

// [default country code, as written, E.164 or undefined for a refusal]
const PHONES: Array<[number, string, string | undefined]> = [
	// United States and Canada (+1; exit code 011)
	[1, '(555) 555-0123', '+15555550123'],
	[1, '555.555.0123', '+15555550123'],
	[1, '555 555 0123', '+15555550123'],
	[1, '1-555-555-0123', '+15555550123'],
	[1, '1 (555) 555-0123', '+15555550123'],
	[1, '+1 555 555 0123', '+15555550123'],
	[1, '+1 (555) 555-0123', '+15555550123'],
	[1, '001 555 555 0123', '+15555550123'],
	[1, '011 44 20 7946 0000', '+442079460000'],
	[1, '011-44-(0)20-7946-0000', '+442079460000'],
	[1, '+44 (0)20 7946 0000', '+442079460000'],
	[1, '1-800-FLOWERS', undefined], // letters: a vanity number is a business's, never a customer's identity
	[1, '555-CALL-NOW', undefined],
	[1, '555-555-0123 ext. 45', undefined],
	[1, '555-555-0123 ext 45', undefined],
	[1, '555 555 0123 x45', undefined],
	[1, '+1 (555) 555-0123 #12', undefined],
	[1, '555-0123', undefined],
	[1, '055 555 0123', undefined],
	[1, 'unknown', undefined],
	[1, 'n/a', undefined],
	[1, '+', undefined],
	// United Kingdom (+44; trunk 0, often written "(0)")
	[44, '020 7946 0000', '+442079460000'],
	[44, '(020) 7946-0000', '+442079460000'],
	[44, '+44 20 7946 0000', '+442079460000'],
	[44, '+44 (0)20 7946 0000', '+442079460000'],
	[44, '+44(0)2079460000', '+442079460000'],
	[44, '0044 (0)20 7946 0000', '+442079460000'],
	[44, '0044 20 7946 0000', '+442079460000'],
	[44, '00 44 (0) 20 7946 0000', '+442079460000'],
	[44, '+44.20.7946.0000', '+442079460000'],
	[44, '(0)20 7946 0000', '+442079460000'],
	[44, '0117 496 0000', '+441174960000'], // Bristol: 011 is no exit code from the UK
	[44, '07700 900123', '+447700900123'],
	[44, '+44 7700 900123 ext 2', undefined],
	// Germany (+49)
	[49, '030 123456', '+4930123456'],
	[49, '030/123456', '+4930123456'],
	[49, '+49 (0)30 123456', '+4930123456'],
	[49, '0049 (0)30 123456', '+4930123456'],
	[49, '+49 30 123456', '+4930123456'],
	// France (+33)
	[33, '01 23 45 67 89', '+33123456789'],
	[33, '01.23.45.67.89', '+33123456789'],
	[33, '+33 (0)1 23 45 67 89', '+33123456789'],
	[33, '0033 (0)1 23 45 67 89', '+33123456789'],
	[33, '0033 1 23 45 67 89', '+33123456789'],
	// Australia (+61; exit code 0011)
	[61, '(02) 9876 5432', '+61298765432'],
	[61, '02 9876 5432', '+61298765432'],
	[61, '+61 (0)2 9876 5432', '+61298765432'],
	[61, '0061 2 9876 5432', '+61298765432'],
	[61, '0011 44 20 7946 0000', '+442079460000'],
	[61, '0412 345 678', '+61412345678'],
	// India (+91)
	[91, '+91 98765 43210', '+919876543210'],
	[91, '098765 43210', '+919876543210'],
	[91, '0091-98765-43210', '+919876543210'],
	// never a number, whatever the country
	[44, '+44 20 7946 0000 0000 0000', undefined],
	[44, '1234', undefined],
	[44, '+0 20 7946 0000', undefined],
	[44, 'call me', undefined],
	[44, '20 7946 0000; 20 7946 0001', undefined],
];

describe('one identity for every spelling of a phone number', () => {
	it.each(PHONES)('+%i: "%s" is %s', (countryCode, written, expected) => {
		expect(e164(written, countryCode)).toBe(expected);
		// Find or Create's one form: the same, with spaces around it
		expect(identityForm('phone_number', `  ${written} `, countryCode)).toBe(expected);
	});

	it('0044 (0) and +44 (0) are one identity, from any default country', () => {
		expect(e164('0044 (0)20 7946 0000', 44)).toBe(e164('+44 (0)20 7946 0000', 44));
		expect(e164('0044 (0)20 7946 0000', 1)).toBe(e164('+44 (0)20 7946 0000', 1));
	});

	it.each([
		['email_address', '  Name@Example.COM ', 'name@example.com'],
		['email_address', 'name@', undefined],
		['user_id', '  visitor-1 ', 'visitor-1'],
		['user_id', '   ', undefined],
	] as const)('%s "%s" is %s', (field, written, expected) => {
		expect(identityForm(field, written, 1)).toBe(expected);
	});
});
