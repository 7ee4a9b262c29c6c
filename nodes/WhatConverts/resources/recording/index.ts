import { resourceOperations } from '../operations';
import { recordingGet } from './get';

export const recording = resourceOperations('recording', 'get', [recordingGet]);
