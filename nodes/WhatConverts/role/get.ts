import { route, sendOne } from '../transport/routing';

// Bare or wrapped (open point): sendOne takes both, and turns an empty permissions [] into {}.
export const roleGetRouting = route({ method: 'GET', resource: 'role', path: 'item' }, sendOne);
