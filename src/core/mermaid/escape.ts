/**
 * User text inside Mermaid diagrams (MERMAID.md): Mermaid decodes `#<number>;` entities before
 * parsing, in every diagram kind, so the one escape that works everywhere is to keep letters,
 * digits and spaces and write every other character as `#<codepoint>;`. A raw `#` must always
 * be escaped too, or `Bug #12; fixed` would be read as an entity.
 */
export function escapeMermaid(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?|\n/g, ' ')) {
    out += /^[\p{L}\p{N} ]$/u.test(ch) ? ch : `#${ch.codePointAt(0)!};`;
  }
  return out;
}

/** Keywords that change a journey task's meaning when they start it (MERMAID.md). */
const LEADING_KEYWORDS = /^(section|journey|title|accTitle|accDescr)\b/i;

/**
 * Text for a slot where a leading keyword would be parsed as syntax (journey tasks and
 * sections): the keyword's first letter is escaped so it stays text.
 */
export function escapeMermaidSlot(text: string): string {
  const escaped = escapeMermaid(text.trim());
  const match = LEADING_KEYWORDS.exec(escaped);
  if (!match) return escaped;
  return `#${escaped.codePointAt(0)!};${escaped.slice(1)}`;
}
