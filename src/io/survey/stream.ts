import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Parser } from 'csv-parse';
import type Iconv from 'iconv-lite';
import { JourneyBaseError } from '../../core/errors.js';
import type { SurveyEncoding } from '../../core/survey/sniff.js';

/** Thrown when a file read as UTF-8 turns out not to be: the caller starts over as Windows-1252. */
export class NotUtf8Error extends JourneyBaseError {
  constructor(readonly offset: number) {
    super(`not valid UTF-8 near byte ${offset}`);
  }
}

/** Passes UTF-8 bytes through, checking validity across chunk boundaries with Node's native check. */
function utf8Guard(startOffset: number): Transform {
  let carry: Buffer = Buffer.alloc(0);
  let offset = startOffset;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      // Hold back an incomplete multi-byte sequence at the end for the next chunk.
      let end = data.length;
      for (let back = 1; back <= 3 && back <= data.length; back++) {
        const byte = data[data.length - back]!;
        if ((byte & 0xc0) === 0x80) continue;
        if (byte >= 0xc0) {
          const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
          if (need > back) end = data.length - back;
        }
        break;
      }
      const complete = data.subarray(0, end);
      if (!isUtf8(complete)) return callback(new NotUtf8Error(offset));
      offset += complete.length;
      carry = Buffer.from(data.subarray(end));
      callback(null, complete);
    },
    flush(callback) {
      if (carry.length && !isUtf8(carry)) return callback(new NotUtf8Error(offset));
      callback(null, carry.length ? carry : undefined);
    },
  });
}

/** The largest cell accepted, in bytes of its text in UTF-8 (README "Limits"). */
export const MAX_CELL_BYTES = 1024 * 1024;
/** The most columns a record may have: Excel's own maximum (column XFD). */
export const MAX_COLUMNS = 16_384;

/**
 * A record over one of the limits above, or a quote never closed. `lines` is the physical line
 * (counted from the start of the parsed range, as csv-parse counts) where the offending cell or
 * record starts.
 */
export class CsvLineError extends JourneyBaseError {
  constructor(
    message: string,
    readonly lines: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Line breaks in a cell as csv-parse counts lines: every CR and every LF. */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) n++;
  }
  return n;
}

function breaksFrom(cells: readonly string[], from: number): number {
  let n = 0;
  for (let i = from; i < cells.length; i++) n += lineBreaks(cells[i]!);
  return n;
}

function tooManyColumns(line: number): CsvLineError {
  return new CsvLineError(
    `the record starting on this line has more than ${MAX_COLUMNS.toLocaleString('en-US')} columns, the limit for a survey export.`,
    line,
    'Check the delimiter and the quoting around this line, or export the file again.',
  );
}

function cellTooLarge(line: number): CsvLineError {
  return new CsvLineError(
    `a cell starting on this line is larger than 1 MB, the limit for one CSV cell.`,
    line,
    'A quote opened and never closed makes the rest of the file one cell: check the quoting around this line, or export the file again.',
  );
}

/**
 * A NUL character (U+0000) in an export, on the physical line given. No survey answer holds
 * one, and one that got through would end up in segment names, warnings and every output; so,
 * as Python's csv module and pandas do, the export is refused, wherever the NUL is (the reader
 * checks the first bytes with the same message, `nulError`).
 */
export function nulError(line: number): CsvLineError {
  return new CsvLineError(
    'the export contains a NUL byte (U+0000) on this line: it looks binary, not like CSV text.',
    line,
    'Export the responses as CSV again (an .xlsx file must be saved as CSV first); a NUL byte is never part of a survey answer.',
  );
}

/** The physical line (1-based) of byte `index` of text starting a file: CRLF, LF and a lone CR end a line. */
export function lineAt(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) line++;
  }
  return line;
}

/** The NUL in a record, if any: the line it is on, from `endLine`, the line where the record ends. */
function recordNulError(record: readonly string[], endLine: number): CsvLineError | undefined {
  for (let i = 0; i < record.length; i++) {
    const at = record[i]!.indexOf('\0');
    if (at !== -1) return nulError(endLine - breaksFrom(record, i) + lineBreaks(record[i]!.slice(0, at)));
  }
  return undefined;
}

/** The limit a complete record breaks, if any; `endLine` is the line where it ends. */
export function recordLimitError(record: readonly string[], endLine: number): CsvLineError | undefined {
  if (record.length > MAX_COLUMNS) return tooManyColumns(endLine - breaksFrom(record, 0));
  for (let i = 0; i < record.length; i++) {
    const cell = record[i]!;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: most cells need no byte count.
    if (cell.length > MAX_CELL_BYTES / 3 && Buffer.byteLength(cell) > MAX_CELL_BYTES) return cellTooLarge(endLine - breaksFrom(record, i));
  }
  return undefined;
}

/**
 * The limit the record being parsed already breaks, from the parser's state between two chunks
 * of input: a line of 50 MB of commas or one unclosed quote is refused after one chunk instead
 * of being buffered whole. csv-parse keeps the cells of the current record in `state.record` and
 * the bytes of the cell being read in `state.field`; when they are not there, the check of each
 * complete record (recordLimitError) still holds.
 */
function partialLimitError(parser: Parser): CsvLineError | undefined {
  const state = (parser as unknown as { state?: { record?: unknown; field?: { length?: unknown; toString?: (encoding: string) => unknown } } }).state;
  const record = Array.isArray(state?.record) ? (state.record as string[]) : [];
  const field = state?.field;
  const fieldBytes = typeof field?.length === 'number' ? field.length : 0;
  if (record.length < MAX_COLUMNS && fieldBytes <= MAX_CELL_BYTES) return undefined;
  const text = typeof field?.toString === 'function' ? field.toString('utf8') : undefined;
  const fieldBreaks = typeof text === 'string' ? lineBreaks(text) : 0;
  const line = parser.info.lines - fieldBreaks;
  // The cell being read makes one more than the completed ones.
  return record.length >= MAX_COLUMNS ? tooManyColumns(line - breaksFrom(record, 0)) : cellTooLarge(line);
}

/**
 * Enforces MAX_COLUMNS and MAX_CELL_BYTES on a csv-parse stream: each record is checked as the
 * parser pushes it (so the line is the one it ends on), and the record under way after each
 * chunk. The first breach ends the stream with a CsvLineError; later records are dropped.
 */
function enforceLimits(parser: Parser, nul: { seen: boolean }): void {
  let breach: CsvLineError | undefined;
  const push = parser.push.bind(parser);
  parser.push = (record: unknown, encoding?: BufferEncoding) => {
    if (breach) return false;
    if (Array.isArray(record)) {
      breach = recordLimitError(record as string[], parser.info.lines);
      // Records are searched for the NUL only once the text has shown one (see csvStream).
      if (!breach && nul.seen) breach = recordNulError(record as string[], parser.info.lines);
    }
    return breach ? false : push(record, encoding);
  };
  const transform = parser._transform.bind(parser);
  parser._transform = (chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void) => {
    transform(chunk, encoding, (error?: Error | null) => callback(error ?? breach ?? (breach = partialLimitError(parser))));
  };
  const flush = parser._flush.bind(parser);
  parser._flush = (callback: (error?: Error | null) => void) => {
    flush((error?: Error | null) => callback(unclosedQuote(parser, error) ?? error ?? breach));
  };
}

/**
 * csv-parse reports a quote still open at the end of the input at the last line; the line the
 * user needs is the one where the quote opened, where the unfinished cell starts.
 */
function unclosedQuote(parser: Parser, error: Error | null | undefined): CsvLineError | undefined {
  if ((error as { code?: string } | null | undefined)?.code !== 'CSV_QUOTE_NOT_CLOSED') return undefined;
  const state = (parser as unknown as { state?: { field?: { toString?: (encoding: string) => unknown }; wasRowDelimiter?: unknown } }).state;
  const text = typeof state?.field?.toString === 'function' ? state.field.toString('utf8') : undefined;
  if (typeof text !== 'string') return undefined;
  // csv-parse counts a line break when it reads the next byte: one ending the input is not counted yet.
  const lines = parser.info.lines + (state?.wasRowDelimiter === true ? 1 : 0);
  return new CsvLineError(
    'a quote opened on this line is never closed: the rest of the file would be one cell.',
    lines - lineBreaks(text),
    'Close the quote (a quote inside a quoted cell is written twice, ""), or export the file again.',
  );
}

const LF = Buffer.from('\n');

/**
 * Turns CRLF and lone CR into LF ahead of csv-parse. csv-parse counts a CRLF inside a quoted cell
 * as two lines, which shifted the line of every warning and error after such a cell; with LF
 * only, its count is the physical line an editor shows, and the LFs counted inside cells (start
 * lines of records) and by the worker split (Buffer.indexOf(10)) agree with it. Bytes 13 never
 * occur inside a UTF-8 sequence, and a file without CR passes through uncopied.
 */
function lfLineEnds(nul: { seen: boolean }): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let data = chunk;
      // One native search per chunk of decoded text (UTF-8 by now, whatever the file's encoding,
      // so a 0 byte here is U+0000 and never half of a UTF-16 character).
      if (!nul.seen && data.indexOf(0) !== -1) nul.seen = true;
      if (pendingCr) {
        // A CR ended the last chunk: it was a line end, which a LF here already is.
        pendingCr = false;
        if (data[0] !== 10) data = Buffer.concat([LF, data]);
      }
      let cr = data.indexOf(13);
      if (cr === -1) return callback(null, data);
      const out = Buffer.allocUnsafe(data.length);
      let length = 0;
      let start = 0;
      while (cr !== -1) {
        length += data.copy(out, length, start, cr);
        if (cr + 1 === data.length) {
          pendingCr = true;
          start = data.length;
          break;
        }
        out[length++] = 10;
        start = data[cr + 1] === 10 ? cr + 2 : cr + 1;
        cr = data.indexOf(13, start);
      }
      length += data.copy(out, length, start);
      callback(null, out.subarray(0, length));
    },
    flush(callback) {
      callback(null, pendingCr ? LF : undefined);
    },
  });
}

export interface ParseRange {
  start?: number;
  /** Inclusive end byte. */
  end?: number;
}

export interface CsvStreamOptions extends ParseRange {
  file: string;
  encoding: SurveyEncoding;
  delimiter: string;
  /** Physical lines to skip at the start of the range (Excel's `sep=` line). */
  fromLine?: number;
  onBytes?: (bytes: number) => void;
}

// iconv-lite loads its code tables on import: only Windows-1252 and UTF-16 files need it.
const require = createRequire(import.meta.url);

/**
 * The text of (a byte range of) a file as csv-parse reads it: UTF-8 (checked, or decoded from
 * the file's encoding) with every line end a LF. `nul.seen` turns true once a chunk held a NUL.
 */
export function decodedInput(options: CsvStreamOptions): { input: Readable; source: Readable; nul: { seen: boolean } } {
  const source = createReadStream(options.file, {
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.end !== undefined ? { end: options.end } : {}),
    highWaterMark: 1 << 20,
  });
  if (options.onBytes) source.on('data', (chunk) => options.onBytes!((chunk as Buffer).length));
  // A NUL anywhere in the text refuses the export (nulError): the decoded text is searched for
  // one chunk by chunk, and once one is seen, the records are, for its line.
  const nul = { seen: false };
  const decoderName = options.encoding === 'windows-1252' ? 'win1252' : options.encoding === 'utf-16le' ? 'utf16le' : 'utf16be';
  const decoded: Readable =
    options.encoding === 'utf-8' || options.encoding === 'utf-8-bom'
      ? source.pipe(utf8Guard(options.start ?? 0))
      : source.pipe((require('iconv-lite') as typeof Iconv).decodeStream(decoderName) as unknown as Transform);
  const input = decoded.pipe(lfLineEnds(nul));
  decoded.on('error', (error) => input.destroy(error));
  source.on('error', (error) => input.destroy(error));
  return { input, source, nul };
}

/** A csv-parse stream over (a byte range of) a file in the given encoding. */
export function csvStream(options: CsvStreamOptions): { parser: Parser; source: Readable } {
  const parser = parse({
    delimiter: options.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
    // Line ends are LF by now (lfLineEnds); naming it also spares csv-parse its search for the
    // first line end, which allocates three buffers per byte of a long first line.
    record_delimiter: '\n',
    ...(options.fromLine && options.fromLine > 1 ? { from_line: options.fromLine } : {}),
  });
  const { input, source, nul } = decodedInput(options);
  enforceLimits(parser, nul);
  input.on('error', (error) => parser.destroy(error));
  // A parse error ends the reading too, so the file is closed now rather than when collected.
  parser.once('error', () => source.destroy());
  input.pipe(parser);
  return { parser, source };
}
