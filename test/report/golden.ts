/** The lint formatters' golden files, under test/report/golden. */
import { join } from 'node:path';
import { goldenFiles } from '../helpers/golden.js';

export const expectGolden = goldenFiles(join(import.meta.dirname, 'golden'));
