import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, workspace } from './cli/harness.js';

const SCRIPT = path.join(REPO_ROOT, 'scripts/check-import-cycles.mjs');
const check = (cwd: string) => spawnSync(process.execPath, [SCRIPT, 'src'], { cwd, encoding: 'utf8', timeout: 30_000 });

describe('scripts/check-import-cycles.mjs (run by npm run lint)', () => {
  it('names a cycle made of a type-only import, an export-from and a dynamic import, and fails', () => {
    const cwd = workspace({
      'src/a.ts': "import type { B } from './deep/b.js';\nexport type A = B;\n",
      'src/deep/b.ts': "export { c as B } from '../c.js';\n",
      'src/c.ts': "export const c = async () => (await import('./a.js')) as unknown;\n",
      'src/leaf.ts': "import { c } from './c.js';\nexport const leaf = c;\n",
    });
    const result = check(cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('import cycle: src/a.ts -> src/deep/b.ts -> src/c.ts -> src/a.ts\n');
  });

  it('passes an import graph without a cycle', () => {
    const cwd = workspace({
      'src/a.ts': "import { b } from './b.js';\nimport { c } from './c.js';\nexport const a = b + c;\n",
      'src/b.ts': "import { c } from './c.js';\nexport const b = c;\n",
      'src/c.ts': 'export const c = 1;\n',
    });
    const result = check(cwd);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('import cycles: none among 3 modules under src\n');
  });
});
