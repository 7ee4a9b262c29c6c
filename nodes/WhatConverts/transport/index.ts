/**
 * The transport's face: the one way this package sends WhatConverts requests (the limiter, retries,
 * the page loop and error mapping stay behind it). Operations, pickers and both triggers import
 * from here, never from a file of this folder.
 */
export type { ApiAnswer } from './answer';
export { headerOf } from './answer';
export type { RequestContext } from './connection';
export { CREDENTIAL_TYPE, credentialKey } from './connection';
export { isRefusedKey } from './errors';
export { MAX_IN_FLIGHT } from './limiter';
export type { LeadPage, LeadRange } from './leadPages';
export { readLeadPages } from './leadPages';
export type { PageLimits, PagesRead } from './pagination';
export { readPages } from './pagination';
export { readOne, singleObject } from './readOne';
export type { RetrySettings } from './request';
export { ACCEPT_JSON, DEFAULT_RETRY, jsonGet, sendRequest } from './request';
