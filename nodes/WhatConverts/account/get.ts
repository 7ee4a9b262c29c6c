import { route, sendOne } from '../transport/routing';

// The answer may be the account itself or a list envelope holding it (open point); sendOne takes both.
export const accountGetRouting = route({ method: 'GET', resource: 'account', path: 'item' }, sendOne);
