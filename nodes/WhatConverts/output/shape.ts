import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ParameterSource } from '../parameters/check';
import { checkParameter, checkSettings } from '../parameters/check';
import { typed } from '../parameters/types';
import type { CheckedRequest } from '../routing/build';
import { runsAsTool } from './agentAnswer';

/**
 * How an answer with more than ten fields comes out, as n8n's UX guidelines ask: for people a
 * Simplify switch (at most ten fields, the most used first); for an AI agent's tool an Output choice
 * of Simplified, Raw or Selected Fields (the id always kept).
 */
export type OutputMode = 'simplified' | 'raw' | 'selected';

export interface OutputShape {
	mode: OutputMode;
	/** Selected Fields: the fields picked, the id first */
	fields?: string[];
}

export interface OutputChoice {
	/** the shaping's parameters: Simplify for people; Output, Fields and an older tool's Simplify for an agent */
	properties: INodeProperties[];
	/** the item's choice, checked before any request */
	read(ctx: ParameterSource, itemIndex?: number): OutputShape;
	/** an answer's object as the choice shapes it */
	shape(json: IDataObject, shape: OutputShape): IDataObject;
}

export interface OutputChoiceSpec {
	/** what the fields are of, e.g. "lead", for descriptions */
	noun: string;
	/** the id field, kept in every shape */
	idField: string;
	/** what Simplify keeps (at most ten fields), in this order; fields the object lacks come out as null */
	simplified: string[];
	/** names in the Simplify hint, e.g. "ID, type, status, date, contact name, email and phone" */
	simplifiedText: string;
	/** fields read differently from the object's own (the contact of a lead): both Simplify and Selected Fields use them */
	derived?: Record<string, (json: IDataObject) => unknown>;
	/** the fields Selected Fields offers, as Title Case names and API field names */
	selectable: INodePropertyOptions[];
	/** the tool's Output when left alone: Simplified for lists, Raw where the whole object is the point */
	toolDefault: 'simplified' | 'raw';
}

const SIMPLIFY_DESCRIPTION = 'Whether to return a simplified version of the response instead of the raw data';

/** Declares and reads the output shape of one operation. */
export function outputChoice(spec: OutputChoiceSpec): OutputChoice {
	const simplify = typed('boolean', {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: SIMPLIFY_DESCRIPTION,
		hint: `Keeps only ${spec.simplifiedText}`,
		displayOptions: { hide: { '@tool': [true] } },
	});
	const output = typed('enum', {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		default: 'simplified',
		description: 'Which fields of each item the AI agent gets',
		options: [
			{
				name: 'Raw',
				value: 'raw',
				description: 'Every field WhatConverts answers with (long ones cut to keep an answer within about 100 KB)',
			},
			{ name: 'Selected Fields', value: 'selected', description: 'Only the fields picked below, and always the ID' },
			{ name: 'Simplified', value: 'simplified', description: 'The most used fields only, at most ten' },
		],
		displayOptions: { show: { '@tool': [true] } },
	});
	// Each operation has its default (a list answers Simplified, a Get of one item Raw): set here, as n8n's
	// lint reads a literal default among the options above.
	output.property = {
		...output.property,
		default: spec.toolDefault,
		description: `Which fields of each ${spec.noun} the AI agent gets: ${spec.simplifiedText} when Simplified`,
	};
	const fields = typed('enumList', {
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		default: [],
		description: `The fields of each ${spec.noun} the AI agent gets; ${spec.idField} always comes too`,
		options: spec.selectable,
		displayOptions: { show: { '@tool': [true], output: ['selected'] } },
	});
	// A tool saved before Output had a Simplify switch (n8n drops hidden parameters it does not
	// declare): it goes on as it was saved until Output is changed, which drops it.
	const legacy = { simplify: spec.toolDefault === 'raw', show: { '@tool': [true], output: [spec.toolDefault] } };
	const savedSimplify = typed('boolean', {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'hidden',
		default: '',
		displayOptions: { show: legacy.show },
	});
	const savedNotice: INodeProperties = {
		displayName: `Saved with 'Simplify' ${legacy.simplify ? 'on' : 'off'}: this tool answers as '${legacy.simplify ? 'Simplified' : 'Raw'}' until 'Output' is changed`,
		name: 'savedSimplifyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...legacy.show, simplify: [legacy.simplify] } },
	};
	const derived = spec.derived ?? {};
	const pick = (json: IDataObject, names: string[]) =>
		Object.fromEntries(names.map((name) => [name, (derived[name] ? derived[name](json) : json[name]) ?? null])) as IDataObject;

	return {
		properties: [simplify.property, output.property, fields.property, savedSimplify.property, savedNotice],
		read(ctx, itemIndex) {
			if (!runsAsTool(ctx)) {
				return { mode: checkSettings(ctx, [simplify], itemIndex).simplify ? 'simplified' : 'raw' };
			}
			const chosen = checkSettings(ctx, [output, fields], itemIndex);
			// Read alone: its default ('') is no true or false, so it is absent unless an older tool saved it.
			const saved = checkParameter(ctx, savedSimplify, itemIndex);
			// checked as one of Output's options, each an OutputMode
			const mode = chosen.output as OutputMode;
			if (mode === spec.toolDefault && saved !== undefined) return { mode: saved ? 'simplified' : 'raw' };
			if (mode !== 'selected') return { mode };
			const picked = chosen.fields.filter((name) => name !== spec.idField);
			return { mode, fields: [spec.idField, ...new Set(picked)] };
		},
		shape(json, shape) {
			if (shape.mode === 'simplified') return pick(json, spec.simplified);
			if (shape.mode === 'selected') return pick(json, shape.fields ?? [spec.idField]);
			return json;
		},
	};
}

/** Items shaped as the item's Output (or Simplify) asks. */
export function shapedAsAsked(request: Pick<CheckedRequest, 'output'>, items: INodeExecutionData[]): INodeExecutionData[] {
	const { output } = request;
	if (!output || output.shape.mode === 'raw') return items;
	return items.map((item) => ({ ...item, json: output.choice.shape(item.json, output.shape) }));
}

/** "Lead ID", "IP Address", "Landing URL": an API field's name as the editor lists it. */
export function fieldLabel(field: string): string {
	const upper: Record<string, string> = { id: 'ID', ip: 'IP', url: 'URL', utm: 'UTM' };
	return field
		.split('_')
		.map((word) => upper[word] ?? word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/** Selected Fields' options from API field names, in alphabetical order. */
export const selectableFields = (fields: string[]): INodePropertyOptions[] =>
	fields.map((field) => ({ name: fieldLabel(field), value: field })).sort((a, b) => a.name.localeCompare(b.name));
