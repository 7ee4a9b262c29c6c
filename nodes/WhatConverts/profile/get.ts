import { route, sendOne } from '../transport/routing';

// Bare or wrapped (open point): sendOne takes both. The output carries the account_id from the path.
export const profileGetRouting = route({ method: 'GET', resource: 'profile', path: 'item' }, sendOne);
