import { resourceOperations } from '../operations';
import { userCreate } from './create';
import { userGet } from './get';
import { userGetAll } from './getAll';
import { userUpdate } from './update';

export const user = resourceOperations('user', 'getAll', [userCreate, userGet, userGetAll, userUpdate]);
