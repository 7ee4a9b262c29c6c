import { resourceOperations } from '../operations';
import { profileCreate } from './create';
import { profileDelete } from './delete';
import { profileGet } from './get';
import { profileGetAll } from './getAll';
import { profileUpdate } from './update';

export const profile = resourceOperations('profile', 'getAll', [profileCreate, profileDelete, profileGet, profileGetAll, profileUpdate]);
