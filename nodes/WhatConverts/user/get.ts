import { route, sendOne } from '../transport/routing';

// Bare or wrapped (open point): sendOne takes both.
export const userGetRouting = route({ method: 'GET', resource: 'user', path: 'item' }, sendOne);
