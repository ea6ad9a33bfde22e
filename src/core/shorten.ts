/**
 * User text shortened for a place where a reader needs to recognise an item, not read it whole
 * (a pain point named in a score reason or a backlog cell): white space runs become one space,
 * and text longer than `max` code points is cut at the last word boundary that leaves at least
 * half of it, with an ellipsis; a text without such a boundary (CJK, one long word) is cut at
 * `max - 1` code points. Never splits a surrogate pair.
 */
export function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= Math.floor(head.length / 2) ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}
