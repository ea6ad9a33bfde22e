import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** Golden files live under tests/golden/ and are reviewed like code. */
export const GOLDEN_ROOT = fileURLToPath(new URL('./golden/', import.meta.url));

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Compares `actual` with the golden file `tests/golden/<relPath>`, byte for byte.
 * With `UPDATE_GOLDEN=1` (`npm run test:update-golden`), or when the file does not exist yet,
 * writes it instead; review the diff before committing. Under CI (`CI` set) nothing is ever
 * written: a missing golden fails the test, so CI never blesses an output nobody has read.
 */
export function expectGolden(relPath: string, actual: string): void {
  const file = path.resolve(GOLDEN_ROOT, relPath);
  if (path.isAbsolute(relPath) || !file.startsWith(GOLDEN_ROOT)) {
    throw new Error(`Golden path '${relPath}' must be relative to tests/golden/.`);
  }
  const exists = existsSync(file);
  const update = flag(process.env.UPDATE_GOLDEN);
  if (flag(process.env.CI) && (update || !exists)) {
    throw new Error(
      `Golden file tests/golden/${relPath} is ${exists ? 'not updated under CI' : 'missing'}. Run \`npm run test:update-golden\` locally, review the result and commit it.`,
    );
  }
  if (update || !exists) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(actual, `output differs from tests/golden/${relPath}; if the change is intended, run \`npm run test:update-golden\` and review the diff`).toBe(readFileSync(file, 'utf8'));
}
