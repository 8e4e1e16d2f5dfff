/** The tool's name and version, read once from package.json. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'vmqlint' && pkg.version) return { name: pkg.name, version: pkg.version };
    } catch {
      // keep walking up
    }
    dir = dirname(dir);
  }
  return { name: 'vmqlint', version: '0.0.0' };
}

const pkg = findPackageJson();
export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
