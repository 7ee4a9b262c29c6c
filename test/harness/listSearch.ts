/**
 * Runs a node's list search (the resource locator's "From List" mode) the way n8n's server does
 * for the editor: a temporary workflow holding the node with the editor's current parameters, a
 * real n8n-core LoadOptionsContext, and the node type's `methods.listSearch[name]` called on it.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INode, INodeListSearchResult, INodeParameters, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { additionalDataFor, hooksFor, loadPackage } from './n8n';

export interface ListSearchOptions {
	method: string;
	/** The node's parameters as the editor holds them while the list is open. */
	parameters: INodeParameters;
	/** The path of the parameter whose list is open, e.g. `parameters.filters.profileId`. */
	path?: string;
	filter?: string;
	credentials: ICredentialDataDecryptedObject;
	credentialId?: string;
}

let searchCounter = 0;

export async function listSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const pkg = await loadPackage();
	const credentialId = options.credentialId ?? `search-${++searchCounter}`;
	const node: INode = {
		id: 'temp-node',
		name: 'Temp-Node',
		type: 'n8n-nodes-whatconverts.whatConverts',
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { whatConvertsApi: { id: credentialId, name: 'WhatConverts account' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: pkg.nodeTypes, active: false });
	const hooks = hooksFor('internal', undefined as unknown as string, { id: 'temp', name: 'temp', nodes: [node] });
	const additionalData = additionalDataFor(pkg, { [credentialId]: options.credentials }, hooks);
	additionalData.currentNodeParameters = options.parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path ?? 'parameters.accountId');
	const nodeType = pkg.nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
	const search = nodeType.methods?.listSearch?.[options.method];
	if (!search) throw new Error(`No list search ${options.method}`);
	return search.call(context, options.filter);
}
