// Demo sandbox: `node main.js [--port 8899] [--leads 3000]` serves the WhatConverts API
// with demo data on 127.0.0.1 until SIGINT/SIGTERM.

import { WhatConvertsServer } from './WhatConvertsServer';

function option(name: string, fallback: number): number {
	const args = process.argv.slice(2);
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i === -1) return fallback;
	const raw = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) {
		console.error(`--${name} needs a whole number, got '${raw}'`);
		process.exit(2);
	}
	return n;
}

async function main(): Promise<void> {
	const port = option('port', 8899);
	const leads = option('leads', 3000);
	const server = new WhatConvertsServer({ seed: 'demo', demoLeads: leads });
	const url = await server.start(port);
	const { profile, master, otherProfile } = server.keys;
	console.log(`WhatConverts test server (demo data, ${server.data.leads.length} leads) at ${url}`);
	console.log(`  master key:  token ${master.token}  secret ${master.secret}`);
	console.log(
		`  profile key: token ${profile.token}  secret ${profile.secret}  (account ${profile.accountId}, profile ${profile.profileId})`,
	);
	if (otherProfile) {
		console.log(
			`  2nd profile: token ${otherProfile.token}  secret ${otherProfile.secret}  (account ${otherProfile.accountId}, profile ${otherProfile.profileId})`,
		);
	}
	console.log(`  try: curl -u ${master.token}:${master.secret} '${url}/leads?leads_per_page=2'`);
	const shutdown = (signal: string) => {
		console.log(`${signal}: stopping`);
		server.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
