import { resourceOperations } from '../operations';
import { trackingFormDelete } from './delete';
import { trackingFormGetAll } from './getAll';

export const trackingForm = resourceOperations('trackingForm', 'getAll', [trackingFormDelete, trackingFormGetAll]);
