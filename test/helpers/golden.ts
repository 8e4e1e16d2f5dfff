/** Golden-file comparison: UPDATE_GOLDEN=1 rewrites the file instead of comparing. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

/** A checker of outputs against the golden files under `dir`. */
export function goldenFiles(dir: string): (name: string, actual: string) => void {
  return (name, actual) => {
    const path = join(dir, name);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    if (!existsSync(path)) throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1 and review it`);
    expect(actual).toBe(readFileSync(path, 'utf8'));
  };
}
