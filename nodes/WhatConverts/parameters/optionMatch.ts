import type { INodePropertyOptions } from 'n8n-workflow';

/** "Phone Call", "phone call", "PHONE_CALL" → "phone_call": how values and labels are compared. */
const fold = (text: string) =>
	text
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, '_');

/** The option a value names: its value, its label (as WhatConverts answers with it) or an alias. */
export function optionFor(options: INodePropertyOptions[], value: unknown, aliases: Record<string, string> = {}) {
	if (typeof value !== 'string') return undefined;
	const wanted = fold(value);
	const aliased = Object.entries(aliases).find(([alias]) => fold(alias) === wanted)?.[1];
	return options.find((option) => fold(String(option.value)) === wanted || fold(option.name) === wanted || option.value === aliased);
}

/** "phone_call (Phone Call), web_form (Web Form)": the values an error message offers. */
export const allowedValues = (options: INodePropertyOptions[]) =>
	options.map((option) => (String(option.value) === option.name ? option.name : `${String(option.value)} (${option.name})`)).join(', ');

/** Options whose values are their labels in snake_case: 'Phone Call' → phone_call. */
export const labelledOptions = (...labels: string[]): INodePropertyOptions[] => labels.map((name) => ({ name, value: fold(name) }));
