import type { IDataObject } from 'n8n-workflow';

// WhatConverts sends [] for an empty map; downstream nodes expect {} so that $json.map.Name works.
const MAP_FIELDS = ['additional_fields', 'custom_fields', 'lead_analysis', 'field_mappings', 'permissions'];

/** An object of the API as the package outputs it (the node, both triggers): empty maps as {}. */
export function normaliseMaps(object: IDataObject): IDataObject {
	for (const key of MAP_FIELDS) {
		const value = object[key];
		if (Array.isArray(value) && value.length === 0) object[key] = {};
	}
	return object;
}
