// One import for everything the test server offers.
export * from './WhatConvertsServer';
export { customerJourney, generateLead, isoSec, recordingUrl, rng, toLabel, webhookDelivery, zoneless } from './data';
