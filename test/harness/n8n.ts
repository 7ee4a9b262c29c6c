/**
 * Runs the built package inside n8n's real engine, the way an n8n server does: the package is
 * loaded from dist/ by n8n-core's PackageDirectoryLoader, credentials are applied by the
 * credential type's own `authenticate` block, and workflows run through WorkflowExecute (which
 * hands declarative nodes to RoutingNode). Nothing of n8n is mocked; only the services a server
 * would provide around the engine (credential store, URLs, hooks) are supplied here.
 */
import fs from 'node:fs';
import path from 'node:path';

import { ExecutionLifecycleHooks, LazyPackageDirectoryLoader, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

/** The repository root: the nearest folder with a package.json (also from a compiled copy under build/). */
function packageRoot(dir: string): string {
	while (!fs.existsSync(path.join(dir, 'package.json'))) {
		const up = path.dirname(dir);
		if (up === dir) throw new Error(`No package.json above ${__dirname}`);
		dir = up;
	}
	return dir;
}

export const PACKAGE_DIR = packageRoot(__dirname);

let baseNodes: Promise<PackageDirectoryLoader> | undefined;

/**
 * n8n's own nodes (n8n-nodes-base, a dev dependency), lazily loaded as the n8n server loads them:
 * a node's code is only required when a workflow uses it. Only runWorkflow loads them.
 */
export function loadBaseNodes(): Promise<PackageDirectoryLoader> {
	baseNodes ??= (async () => {
		const loader = new LazyPackageDirectoryLoader(path.dirname(require.resolve('n8n-nodes-base/package.json')));
		await loader.loadAll();
		return loader;
	})();
	return baseNodes;
}
let baseLoader: PackageDirectoryLoader | undefined;

export interface LoadedPackage {
	loader: PackageDirectoryLoader;
	nodeTypes: INodeTypes;
	credentialType(name: string): ICredentialType;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ once per test file, exactly as n8n loads an installed community package. */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		const byName = (name: string) => {
			const short = name.replace(/^.*\./, '');
			if (baseLoader && name.startsWith('n8n-nodes-base.')) return baseLoader.getNode(short).type;
			const found = loader.nodeTypes[short]?.type as INodeType | IVersionedNodeType | undefined;
			return found ?? toolVariant(loader.nodeTypes[short.replace(/Tool$/, '')]?.type as INodeType | undefined);
		};
		const nodeTypes: INodeTypes = {
			getByName(name) {
				const type = byName(name);
				if (!type) throw new Error(`Unknown node type ${name}`);
				return type;
			},
			getByNameAndVersion(name, version) {
				return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
			},
			getKnownTypes() {
				return {};
			},
		};
		return {
			loader,
			nodeTypes,
			credentialType: (name: string) => loader.credentialTypes[name]?.type ?? (baseLoader?.getCredential(name).type as ICredentialType),
		};
	})();
	return loaded;
}

/**
 * The AI tool variant of a node with `usableAsTool`, as n8n's server derives it when a workflow uses
 * `<node>Tool`: the same node, its description under the name `<name>Tool` (which `@tool` display
 * options and the node's own checks read). n8n also rewires its connections to an agent; the tests
 * feed it items on its main input instead, which RoutingNode treats alike.
 */
function toolVariant(base: INodeType | undefined): INodeType | undefined {
	if (!base?.description.usableAsTool) return undefined;
	const description = Object.create(base.description, { name: { value: `${base.description.name}Tool` } });
	return Object.create(base, { description: { value: description } }) as INodeType;
}

/** Applies a credential type's generic `authenticate` block, as n8n's server-side helper does. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly pkg: LoadedPackage,
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.pkg.credentialType(typeName).authenticate;
		// n8n's own credentials without an `authenticate` block (httpBasicAuth) are applied by the node itself.
		if (!authenticate && !this.pkg.loader.credentialTypes[typeName]) return requestOptions;
		if (!authenticate) throw new Error(`${typeName} has no authenticate`);
		// As n8n's CredentialsHelper: a function is called, a generic block is resolved.
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=') && workflow && node
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials })
				: value;
		const options = { ...requestOptions };
		const { auth, headers, qs } = authenticate.properties as IDataObject & {
			auth?: { username: string; password: string };
		};
		if (auth) {
			options.auth = { username: String(resolve(auth.username)), password: String(resolve(auth.password)) };
		}
		if (headers) {
			options.headers = { ...options.headers };
			for (const [key, value] of Object.entries(headers as IDataObject)) options.headers[key] = resolve(value) as string;
		}
		if (qs) {
			options.qs = { ...options.qs };
			for (const [key, value] of Object.entries(qs as IDataObject)) options.qs[key] = resolve(value) as string;
		}
		return options;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('Not used by the nodes under test');
	}

	async getDecrypted(_data: IWorkflowExecuteAdditionalData, details: INodeCredentialsDetails, type: string) {
		const found = this.credentials[details.id ?? ''] ?? this.credentials[type];
		if (!found) throw new Error(`No ${type} credential "${details.name}" in the test`);
		return { ...found };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return this.pkg.credentialType(type).properties;
	}
}

/** Lifecycle hooks for one execution of a workflow made of `nodes`, as n8n's server creates them. */
export function hooksFor(
	mode: WorkflowExecuteMode,
	executionId: string,
	workflow: { id: string; name?: string; active?: boolean; nodes: INode[]; connections?: IConnections },
): ExecutionLifecycleHooks {
	return new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflow.name ?? 'test',
		active: workflow.active ?? false,
		isArchived: false,
		nodes: workflow.nodes,
		connections: workflow.connections ?? {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
}

export function additionalDataFor(
	pkg: LoadedPackage,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper: new CredentialsHelper(pkg, credentials),
		hooks,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not used by these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not used by these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunNodeOptions {
	/** Node type without package prefix, default `whatConverts`. */
	type?: string;
	parameters: INodeParameters;
	/** The input items; one empty item by default. */
	items?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	/** The credential's id: the request limiter is kept per credential. */
	credentialId?: string;
	continueOnFail?: boolean;
}

export interface RunResult {
	/** The node's main output (first output). */
	items: INodeExecutionData[];
	/** The node's error, when the run failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
}

let executionCounter = 0;

/** Runs one WhatConverts node, fed by `items`, through WorkflowExecute. */
export async function runNode(options: RunNodeOptions): Promise<RunResult> {
	const credentialId = options.credentialId ?? 'cred-1';
	const node: INode = {
		id: 'node-under-test',
		name: 'WhatConverts',
		type: `n8n-nodes-whatconverts.${options.type ?? 'whatConverts'}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { whatConvertsApi: { id: credentialId, name: 'WhatConverts account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	return runWorkflow({ nodes: [node], items: options.items, credentials: { [credentialId]: options.credentials } });
}

export interface RunWorkflowOptions {
	/** The nodes; `n8n-nodes-base.*` types are n8n's own nodes, `n8n-nodes-whatconverts.*` this package's. */
	nodes: INode[];
	connections?: IConnections;
	/** The node that receives `items`; the first node by default. */
	start?: string;
	/** The start node's input items; one empty item by default. */
	items?: IDataObject[];
	/** Decrypted credentials by credential id (or by credential type). */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The node whose output `items` and `error` report; the last node by default. */
	resultOf?: string;
}

/** Runs a workflow of several nodes through WorkflowExecute, starting at `start` with `items`. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	const { nodes, connections = {} } = options;
	if (nodes.some((n) => n.type.startsWith('n8n-nodes-base.'))) baseLoader = await loadBaseNodes();
	const pkg = await loadPackage();
	const node = nodes.find((n) => n.name === options.start) ?? nodes[0];
	const resultNode = nodes.find((n) => n.name === options.resultOf) ?? nodes[nodes.length - 1];
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes,
		connections,
		nodeTypes: pkg.nodeTypes,
		active: false,
	});
	const executionId = `exec-${++executionCounter}`;
	const hooks = hooksFor('manual', executionId, { id: workflow.id, nodes, connections });
	let finish: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finish(run));
	const additionalData = additionalDataFor(pkg, options.credentials, hooks);
	additionalData.executionId = executionId;
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData: IRunExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	} as unknown as IRunExecutionData;
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await finished;
	const failed = Object.values(run.data.resultData.runData).find((tasks) => tasks.some((task) => task.error))?.[0];
	const taskData = run.data.resultData.runData[resultNode.name]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: (run.data.resultData.error ?? taskData?.error ?? failed?.error) as RunResult['error'],
		run,
	};
}
