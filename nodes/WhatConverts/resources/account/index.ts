import { resourceOperations } from '../operations';
import { accountCreate } from './create';
import { accountDelete } from './delete';
import { accountGet } from './get';
import { accountGetAll } from './getAll';
import { accountUpdate } from './update';

export const account = resourceOperations('account', 'getAll', [accountCreate, accountDelete, accountGet, accountGetAll, accountUpdate]);
