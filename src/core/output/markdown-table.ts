/**
 * A GitHub-flavoured Markdown table as lines: header, alignment row (`---`, `---:`), rows. Cells
 * arrive escaped (escape/markdown.ts); this only lays them out.
 */
export function markdownTable(header: readonly string[], align: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}
