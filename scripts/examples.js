'use strict';
/*
 * The example workflows (examples/*.json) as shipped, for `n8n import:workflow` (npm start, the
 * end-to-end tests), and the demo data they are shown with.
 *
 *   const { loadExamples } = require('./scripts/examples');
 *   loadExamples({ recordingsFolder: '/some/dir' })  // [{ file, workflow }]
 */

const fs = require('fs');
const path = require('path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
/** The credential the examples' WhatConverts nodes refer to: import one with this id and they use it. */
const EXAMPLE_CREDENTIAL = { id: 'whatconvertsExample', name: 'WhatConverts account' };

/**
 * Every example, unchanged but for `recordingsFolder`: the one setting the recordings example
 * asks its user to choose (a folder n8n may write to), in its "Settings" node.
 * @returns {{file: string, workflow: object}[]}
 */
function loadExamples({ recordingsFolder } = {}) {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const file = path.join(EXAMPLES_DIR, f);
			const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
			const settings = workflow.nodes.find((n) => n.name === 'Settings' && n.type === 'n8n-nodes-base.set');
			for (const a of (recordingsFolder && settings && settings.parameters.assignments.assignments) || []) {
				if (a.name === 'folder') a.value = recordingsFolder;
			}
			return { file, workflow };
		});
}

/**
 * Yesterday in the demo account: `count` leads (UTC day, spread over every profile, types and
 * sources at random), so that the nightly report reads more than one page of 2,500. Their calls
 * have no recordings, so that the recordings example stays a short run.
 * @param {import('../test/server').WhatConvertsServer} server
 */
function addYesterdaysLeads(server, count = 3000) {
	const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
	const { profiles } = server.data;
	const perProfile = Math.ceil(count / profiles.length);
	profiles.forEach((profile, i) => {
		const stepSeconds = 86000 / perProfile;
		const startAt = new Date(Date.parse(`${day}T00:00:00Z`) + i * 10000).toISOString();
		server.addLeads(perProfile, { profileId: profile.profile_id, startAt, stepSeconds, recording: null });
	});
	return perProfile * profiles.length;
}

module.exports = { loadExamples, addYesterdaysLeads, EXAMPLE_CREDENTIAL, EXAMPLES_DIR };
