import iconv from 'iconv-lite';
import { InputError } from '../../core/errors.js';
import type { SurveyEncoding } from '../../core/survey/sniff.js';
import { bomLength, detectEncoding, sniffDelimiter } from '../../core/survey/sniff.js';
import { openRegular, refusal } from '../read.js';
import { lineAt, nulError } from './stream.js';

/** Bytes read from the start of an export to tell its encoding, delimiter and line ends. */
export const HEAD_BYTES = 256 * 1024;

/** What the first bytes of an export say about it. */
export interface SniffedExport {
  size: number;
  encoding: SurveyEncoding;
  delimiter: string;
  /** Excel's `sep=` line comes first. */
  sepLine: boolean;
  /** Lines ended by a lone CR. */
  loneCr: boolean;
}

/** Opens the export (a regular file inside the workspace) and reads its encoding, delimiter and line ends from its first bytes. */
export async function sniff(file: string, display: string, workspace: string | undefined): Promise<SniffedExport> {
  // A regular file inside the workspace, checked on the descriptor (src/io/read.ts).
  const opened = await openRegular(file, workspace);
  if ('diagnostic' in opened) throw refusal('Survey export', display, opened.diagnostic);
  const { handle, size } = opened;
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    if (size === 0) throw new InputError(`Survey export '${display}' is empty.`, 'Export the responses again.');
    const encoding = detectEncoding(head, size <= HEAD_BYTES);
    const body = head.subarray(bomLength(encoding));
    const text =
      encoding === 'windows-1252'
        ? iconv.decode(body, 'win1252')
        : encoding.startsWith('utf-16')
          ? iconv.decode(body, encoding === 'utf-16le' ? 'utf16le' : 'utf16-be')
          : body.toString('utf8');
    // A NUL anywhere refuses the export (nulError); the stream finds those past the first bytes.
    const nul = encoding !== 'utf-16le' && encoding !== 'utf-16be' ? body.subarray(0, 8000).indexOf(0) : -1;
    if (nul !== -1) {
      const error = nulError(lineAt(body, nul));
      throw new InputError(`${display}:${error.lines}: ${error.message}`, error.hint);
    }
    const { delimiter, sepLine } = sniffDelimiter(text);
    // Lines ended by a lone CR (Excel for Mac's old "CSV (Macintosh)"): worker threads split at LF.
    return { size, encoding, delimiter, sepLine, loneCr: /\r(?!\n)/.test(text) };
  } finally {
    await handle.close();
  }
}
