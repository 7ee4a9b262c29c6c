import { resourceOperations } from '../operations';
import { trackingNumberDelete } from './delete';
import { trackingNumberGetAll } from './getAll';

export const trackingNumber = resourceOperations('trackingNumber', 'getAll', [trackingNumberDelete, trackingNumberGetAll]);
