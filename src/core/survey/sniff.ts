import { firstInvalidUtf8 } from '../yaml/decode.js';

export type SurveyEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes that the byte order mark takes for each encoding. */
export function bomLength(encoding: SurveyEncoding): number {
  return encoding === 'utf-8-bom' ? 3 : encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 0;
}

/**
 * The encoding of an export from its first bytes: a BOM decides; otherwise UTF-8 when the head
 * is valid UTF-8 (a multi-byte sequence cut at the end of the head does not count), else
 * Windows-1252, what Excel's plain "CSV" writes. A file whose head is valid UTF-8 but whose
 * body is not is caught while decoding (the reader then starts over as Windows-1252).
 */
export function detectEncoding(head: Uint8Array, complete: boolean): SurveyEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const invalid = firstInvalidUtf8(head);
  if (invalid === head.length) return 'utf-8';
  if (!complete && head.length - invalid < 4 && isTruncatedSequence(head, invalid)) return 'utf-8';
  return 'windows-1252';
}

function isTruncatedSequence(bytes: Uint8Array, at: number): boolean {
  const lead = bytes[at]!;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 ? 1 : -1;
  if (need < 0 || at + need < bytes.length) return false;
  for (let i = at + 1; i < bytes.length; i++) if ((bytes[i]! & 0xc0) !== 0x80) return false;
  return true;
}

export type Delimiter = ',' | ';' | '\t' | '|';
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];

export interface DelimiterGuess {
  delimiter: Delimiter;
  /** True when the first line was Excel's `sep=X` hint (it is then not a record). */
  sepLine: boolean;
}

/**
 * The delimiter from the header record: Excel's `sep=;` first line when present, else the
 * candidate that occurs most often outside quotes in the first record (quoted line breaks
 * included), ties going to the comma.
 */
export function sniffDelimiter(text: string): DelimiterGuess {
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep) {
    const d = sep[1] === '\\' ? '\t' : sep[1];
    if ((CANDIDATES as readonly string[]).includes(d!)) return { delimiter: d as Delimiter, sepLine: true };
  }
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      if (inQuotes && text[i + 1] === '"') i++;
      else inQuotes = !inQuotes;
    } else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      break;
    } else if (!inQuotes && counts.has(ch)) {
      counts.set(ch, counts.get(ch)! + 1);
    }
  }
  let best: Delimiter = ',';
  for (const c of CANDIDATES) if (counts.get(c)! > counts.get(best)!) best = c;
  return { delimiter: best, sepLine: false };
}

/** The delimiter as a reader would name it: `,` `;` `tab` `|`. */
export function delimiterName(delimiter: string): string {
  if (delimiter === '\t') return 'tab';
  if (delimiter === ' ') return 'space';
  return delimiter;
}
