// Checks of n8n's verification rules that the package does not pass yet. Jest does not run this
// file (it is not a *.test.ts): each check waits for its fix (the comment above it says what to
// change, in nodes/ or credentials/), and moves into test/verification.test.ts with that fix.
// See them fail: npx jest --testMatch '**/verification.pending.ts' test/verification.pending.ts
import { runNode } from './harness/n8n';
import { choicesOf, descriptions, params } from './harness/verification';
import { credentialsFor, useServer } from './harness/whatconverts';

const server = useServer();
const SIMPLIFY_DESCRIPTION = 'Whether to return a simplified version of the response instead of the raw data';

// UX guidelines, Simplify: when an answer has more than 10 fields, a "Simplify" boolean returns
// at most 10. Fix: lead Simplify keeps 17 fields: cut SIMPLE_LEAD_FIELDS to 10 (e.g. lead_id,
// lead_type, lead_status, date_created, contact_name, contact_email_address, contact_phone_number,
// lead_source, lead_medium, quote_value; a change of output for users of Simplify: CHANGELOG);
// tracking numbers (16 fields) get a Simplify on Get Many with their 10 most used fields.
it('offers Simplify wherever an answer has more than 10 fields, and keeps at most 10', async () => {
	server.addLeads(1);
	const resources = choicesOf(descriptions[0].properties.find((property) => property.name === 'resource')!).map((choice) =>
		String(choice.value),
	);
	const problems: string[] = [];
	for (const resource of resources) {
		const lists = params.some(
			({ property }) =>
				property.name === 'operation' &&
				(property.displayOptions?.show?.resource as string[]).includes(resource) &&
				choicesOf(property).some((c) => c.value === 'getAll'),
		);
		if (!lists) continue;
		const parameters = { resource, operation: 'getAll', returnAll: false, limit: 1, accountId: { __rl: true, mode: 'id', value: '1001' } };
		const full = await runNode({ parameters, credentials: credentialsFor(server, server.keys.master) });
		const fields = Object.keys(full.items[0]?.json ?? {}).length;
		if (fields <= 10) continue;
		const simplify = params.find(
			({ property }) =>
				property.name === 'simplify' &&
				!property.displayOptions?.show?.['@tool'] &&
				(property.displayOptions?.show?.resource as string[] | undefined)?.includes(resource) &&
				(property.displayOptions?.show?.operation as string[] | undefined)?.includes('getAll'),
		);
		if (!simplify || simplify.property.displayName !== 'Simplify' || simplify.property.description !== SIMPLIFY_DESCRIPTION) {
			problems.push(`${resource}: ${fields} fields, no Simplify`);
			continue;
		}
		const simple = await runNode({
			parameters: { ...parameters, simplify: true },
			credentials: credentialsFor(server, server.keys.master),
		});
		const kept = Object.keys(simple.items[0]?.json ?? {}).length;
		if (kept > 10) problems.push(`${resource}: Simplify keeps ${kept} fields`);
	}
	expect(problems).toEqual([]);
}, 60_000);

// UX guidelines, AI tool nodes: an "Output" parameter (Simplified, Raw, Selected Fields) where an
// answer has more than 10 fields. Fix: for the tool variant of lead Get and Get Many, replace the
// tool-only "Simplify" (default on) by "Output" (options simplified | raw | selected, default
// simplified) and a "Fields" multiOptions shown for selected, the lead id always kept.
it('gives the AI tool an Output choice of Simplified, Raw or Selected Fields for leads', () => {
	const outputs = params.filter(({ property }) => property.name === 'output' && property.displayOptions?.show?.['@tool']);
	expect(outputs.map(({ property }) => choicesOf(property).map((choice) => choice.name))).toEqual([
		['Raw', 'Selected Fields', 'Simplified'],
		['Raw', 'Selected Fields', 'Simplified'],
	]);
});
