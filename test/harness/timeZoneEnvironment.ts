/**
 * Jest's node environment, with `setProcessTimeZone(zone)` in the tests' globals: it sets TZ on the
 * worker's own process, as a restart of n8n in another zone would (the `process.env` the tests see is
 * a copy, and a change of it leaves the zone as it was).
 */
import NodeEnvironment from 'jest-environment-node';

export default class TimeZoneEnvironment extends NodeEnvironment {
	async setup(): Promise<void> {
		await super.setup();
		this.global.setProcessTimeZone = (zone: string) => {
			process.env.TZ = zone;
		};
	}
}
