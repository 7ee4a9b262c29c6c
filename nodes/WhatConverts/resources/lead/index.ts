import { resourceOperations } from '../operations';
import { leadCreate } from './create';
import { leadFindOrCreate } from './findOrCreate';
import { leadGet } from './get';
import { leadGetAll } from './getAll';
import { leadUpdate } from './update';

export const lead = resourceOperations('lead', 'getAll', [leadCreate, leadFindOrCreate, leadGet, leadGetAll, leadUpdate]);
