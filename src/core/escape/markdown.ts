/**
 * Escapes text for one cell of a GitHub-flavoured Markdown table, so that text from a map (ids,
 * names, values quoted in messages) renders literally and never becomes markup:
 *
 * - Markdown punctuation (`\ ` * _ [ ] ~ |`) is backslash-escaped; `|` would otherwise end the cell.
 * - `& < >` become entities, so no HTML tag or entity survives; `$` becomes `&#36;`, since GitHub
 *   renders `$...$` as math.
 * - GitHub's automatic links are broken with a zero-width space (`&#8203;`), the way bots such as
 *   Renovate do: `@name` (a mention notifies people and teams), `#123` (an issue reference adds a
 *   back-link to that issue), `://` and `www.` (bare URLs), and e-mail addresses via their `@`.
 * - Line breaks become `<br>` (added after escaping, so it is the only tag in the output); other
 *   control characters become U+FFFD.
 *
 * Emoji shortcodes such as `:tada:` are left alone: they render as an emoji, not as a link or HTML.
 */
export function escapeMarkdownCell(text: string): string {
  return text.split(/\r\n|\r|\n/).map(escapeLine).join('<br>');
}

const ZWSP = '&#8203;';

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  $: '&#36;',
};

// One pass, so nothing the escaping adds is escaped again.
const SPECIAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\\`*_[\]~|]|[&<>$]|@(?=[\p{L}\p{N}_])|#(?=\p{N})|:(?=\/\/)|(?<=\b[wW]{3})\.|[\u0000-\u0008\u000b-\u001f\u007f]/gu;

function escapeLine(line: string): string {
  return line.replace(SPECIAL, (match) => {
    const entity = REPLACEMENTS[match];
    if (entity !== undefined) return entity;
    if (match === '@' || match === '#' || match === ':') return match + ZWSP;
    if (match === '.') return ZWSP + '.';
    if (match.charCodeAt(0) < 0x20 || match === '\u007f') return '\uFFFD';
    return '\\' + match;
  });
}
