import type { INode, INodeTypeDescription } from 'n8n-workflow';

// n8n hands out a deep copy of the node on every getNode(): an item's work asks for it often.
const nodes = new WeakMap<object, INode>();

/** The context's node, copied once per context (per item, for a declarative node). Use it instead of getNode(). */
export function nodeOf(ctx: { getNode(): INode }): INode {
	let node = nodes.get(ctx);
	if (!node) {
		node = ctx.getNode();
		nodes.set(ctx, node);
	}
	return node;
}

type NodeIdentity = Pick<INodeTypeDescription, 'displayName' | 'name' | 'group' | 'version' | 'description' | 'defaults'>;

/** What every node of the package says of itself: version 1, and its display name as the default name of a node added to a workflow. */
export function nodeIdentity(displayName: string, name: string, group: 'transform' | 'trigger', description: string): NodeIdentity {
	return { displayName, name, group: [group], version: 1, description, defaults: { name: displayName } };
}
