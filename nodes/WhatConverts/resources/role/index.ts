import { resourceOperations } from '../operations';
import { roleGet } from './get';
import { roleGetAll } from './getAll';

export const role = resourceOperations('role', 'getAll', [roleGet, roleGetAll]);
