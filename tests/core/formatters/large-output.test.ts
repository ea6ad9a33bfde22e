import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostics.js';
import { formatters } from '../../../src/core/formatters/index.js';
import { renderTable } from '../../../src/core/output/table.js';

/** `Math.max(...rows)` throws past about 100,000 values: a table of 200,000 segments did. */
const ROWS = 150_000;

describe('the human formats with hundreds of thousands of rows', () => {
  it('a table of 150,000 rows is laid out, widest cell first', () => {
    const rows = Array.from({ length: ROWS }, (_, i) => [{ text: `segment ${i}` }, { text: String(i) }]);
    const lines = renderTable(
      [
        { header: 'segment', align: 'left' },
        { header: 'n', align: 'right' },
      ],
      rows,
      new Chalk({ level: 0 }),
    );
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[1]).toBe(`  segment 0${' '.repeat(String(ROWS).length + 6)}0`);
    expect(lines.at(-1)).toBe(`  segment ${ROWS - 1}  ${ROWS - 1}`);
  });

  it('stylish prints a file with 150,000 findings', () => {
    const diagnostics: Diagnostic[] = Array.from({ length: ROWS }, (_, i) => ({
      code: 'schema/type',
      severity: 'error',
      message: `Item ${i} must be a mapping.`,
      path: `/items/${i}`,
      line: i + 1,
      column: 3,
      endLine: i + 1,
      endColumn: 4,
    }));
    const text = formatters.stylish(
      { files: [{ file: 'big.journey.yaml', diagnostics }], summary: { files: 1, errors: ROWS, warnings: 0, infos: 0 } },
      { color: false, version: '', rules: [] },
    );
    expect(text).toContain(`${ROWS}:3  error  Item ${ROWS - 1} must be a mapping.`);
  });
});
