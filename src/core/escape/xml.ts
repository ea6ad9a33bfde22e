/**
 * Escaping for XML 1.0 text and attribute values. Characters XML 1.0 cannot hold at all (control
 * characters other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF) are dropped: no
 * escape can represent them, and one of them makes the whole document unreadable for CI tools.
 */

const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML_CHARS, '');
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns CR and CRLF into LF in text, and tab/LF/CR into spaces in attributes:
  // character references keep them as they were.
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/** Element content. Quotes are escaped too, so the same text is safe wherever it lands. */
export function escapeXmlText(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>"'\r]/g, (ch) => ENTITIES[ch]!);
}

/** An attribute value between double or single quotes. */
export function escapeXmlAttribute(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>"'\r\n\t]/g, (ch) => ENTITIES[ch]!);
}
