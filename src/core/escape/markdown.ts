/**
 * Escapes text for one cell of a GitHub-flavoured Markdown table, so that text from a map (ids,
 * names, values quoted in messages) renders literally and never becomes markup:
 *
 * - Markdown punctuation (`\ ` * _ [ ] ~ |`) is backslash-escaped; `|` would otherwise end the cell.
 * - `& < >` become entities, so no HTML tag or entity survives; `$` becomes `&#36;`, since GitHub
 *   renders `$...$` as math.
 * - GitHub's automatic links are broken with a zero-width space (`&#8203;`), the way bots such as
 *   Renovate do: `@name` (a mention notifies people and teams), `#123` and `GH-123` (issue
 *   references add a back-link to that issue), `://` and `www.` (bare URLs), and e-mail addresses
 *   via their `@` (also `x@-host.example`: autolinkers accept a domain that starts with `-` or `.`).
 *   Not only after a word boundary: GFM links `www.` after `_`, `*`, `~` or `(` too (`\_www.x.org`).
 * - Line breaks become `<br>` (added after escaping, so it is the only tag in the output); other
 *   control characters become U+FFFD.
 *
 * Emoji shortcodes such as `:tada:` are left alone: they render as an emoji, not as a link or HTML.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeLine)
    .join('<br>');
}

const ZWSP = '&#8203;';

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  $: '&#36;',
};

/** What GitHub turns into a link, mention or reference, and control characters. */
const AUTOLINK_OR_CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /@(?=[\p{L}\p{N}_.-])|#(?=\p{N})|(?<=[gG][hH])-(?=\p{N})|:(?=\/\/)|(?<=[wW]{3})\.|[\u0000-\u0008\u000b-\u001f\u007f]/u.source;

// One pass, so nothing the escaping adds is escaped again.
const SPECIAL = new RegExp(`[\\\\\`*_[\\]~|]|[&<>$]|${AUTOLINK_OR_CONTROL}`, 'gu');

/** The zero-width space goes where it breaks the link; control characters become U+FFFD. */
function breakAutolink(match: string): string | undefined {
  if (match === '@' || match === '#' || match === ':' || match === '-') return match + ZWSP;
  if (match === '.') return ZWSP + '.';
  if (match.charCodeAt(0) < 0x20 || match === '\u007f') return '\uFFFD';
  return undefined;
}

function escapeLine(line: string): string {
  return line.replace(SPECIAL, (match) => REPLACEMENTS[match] ?? breakAutolink(match) ?? '\\' + match);
}

/**
 * Heading text (ATX `#` headings): one line, escaped like a cell, with every user `#` escaped so
 * it cannot close the heading (a trailing ` ##` is a closing sequence renderers drop). A `#` after
 * `&` belongs to an entity the escaping wrote (user `&` is `&amp;`).
 */
export function escapeMarkdownHeading(text: string): string {
  return escapeMarkdownCell(text.replace(/\r\n|\r|\n/g, ' ')).replace(/(?<!&)#/g, '\\#');
}

const HTML_SPECIAL = new RegExp(`[&<>"'$]|${AUTOLINK_OR_CONTROL}`, 'gu');

const HTML_REPLACEMENTS: Readonly<Record<string, string>> = { ...REPLACEMENTS, '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for raw HTML inside GitHub-flavoured Markdown, such as a `<summary>` line: Markdown
 * is not parsed there (backslash escapes would show), but GitHub still turns mentions, issue
 * references and bare URLs in it into links. So: HTML entities for `& < > " '` (and `$`), the same
 * zero-width breaks as escapeMarkdownCell, control characters as U+FFFD, and line breaks as
 * spaces, since a blank line would end the HTML block and let the rest be read as Markdown.
 */
export function escapeMarkdownHtml(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(HTML_SPECIAL, (match) => HTML_REPLACEMENTS[match] ?? breakAutolink(match) ?? match);
}
