import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Parser } from 'csv-parse';
import type Iconv from 'iconv-lite';
import type { SurveyEncoding } from '../../core/survey/sniff.js';

/** Thrown when a file read as UTF-8 turns out not to be: the caller starts over as Windows-1252. */
export class NotUtf8Error extends Error {
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

/** A csv-parse stream over (a byte range of) a file in the given encoding. */
export function csvStream(options: CsvStreamOptions): { parser: Parser; source: Readable } {
  const source = createReadStream(options.file, {
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.end !== undefined ? { end: options.end } : {}),
    highWaterMark: 1 << 20,
  });
  if (options.onBytes) source.on('data', (chunk) => options.onBytes!((chunk as Buffer).length));
  const parser = parse({
    delimiter: options.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
    ...(options.fromLine && options.fromLine > 1 ? { from_line: options.fromLine } : {}),
  });
  const decoderName = options.encoding === 'windows-1252' ? 'win1252' : options.encoding === 'utf-16le' ? 'utf16le' : 'utf16be';
  const input: Readable =
    options.encoding === 'utf-8' || options.encoding === 'utf-8-bom'
      ? source.pipe(utf8Guard(options.start ?? 0))
      : source.pipe((require('iconv-lite') as typeof Iconv).decodeStream(decoderName) as unknown as Transform);
  input.on('error', (error) => parser.destroy(error));
  source.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  return { parser, source };
}
