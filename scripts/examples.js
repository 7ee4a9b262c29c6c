'use strict';
/*
 * The example workflows in examples/*.json, ready for `n8n import:workflow` in a local n8n that
 * loads this package from N8N_CUSTOM_EXTENSIONS (npm start, the e2e tests).
 *
 * The files use the node types users have once the package is installed as a community package
 * (`n8n-nodes-whatconverts.whatConverts`); loaded from a folder the same nodes are `CUSTOM.whatConverts`.
 *
 *   const { loadExamples } = require('./scripts/examples');
 *   loadExamples({ credential: { id, name }, recordingsFolder: '/some/dir' })  // [{ file, workflow }]
 */

const fs = require('fs');
const path = require('path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');
const PACKAGE_PREFIX = 'n8n-nodes-whatconverts.';
/** The credential id and name the example files refer to. */
const EXAMPLE_CREDENTIAL = { id: 'whatconvertsExample', name: 'WhatConverts account' };

function exampleFiles() {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(EXAMPLES_DIR, f));
}

/**
 * @param {object} [options]
 * @param {string} [options.typePrefix] what replaces `n8n-nodes-whatconverts.` (default `CUSTOM.`; '' keeps it)
 * @param {{id: string, name: string}} [options.credential] the WhatConverts credential every WhatConverts node uses
 * @param {string} [options.recordingsFolder] replaces the `folder` of a "Settings" node (the recordings example)
 * @returns {{file: string, workflow: object}[]}
 */
function loadExamples(options = {}) {
  const typePrefix = options.typePrefix === undefined ? 'CUSTOM.' : options.typePrefix;
  return exampleFiles().map((file) => {
    const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const node of workflow.nodes) {
      if (!node.type.startsWith(PACKAGE_PREFIX)) continue;
      if (typePrefix) node.type = typePrefix + node.type.slice(PACKAGE_PREFIX.length);
      if (options.credential && node.credentials && node.credentials.whatConvertsApi) {
        node.credentials.whatConvertsApi = { id: options.credential.id, name: options.credential.name };
      }
    }
    if (options.recordingsFolder) {
      for (const node of workflow.nodes) {
        if (node.name !== 'Settings' || node.type !== 'n8n-nodes-base.set') continue;
        for (const a of node.parameters.assignments.assignments) {
          if (a.name === 'folder') a.value = options.recordingsFolder;
        }
      }
    }
    return { file, workflow };
  });
}

module.exports = { loadExamples, exampleFiles, EXAMPLES_DIR, EXAMPLE_CREDENTIAL, PACKAGE_PREFIX };
