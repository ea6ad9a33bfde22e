import { open } from 'node:fs/promises';

/** Bytes read at a time while looking for the end of the header rows. */
const HEADER_BLOCK = 1024 * 1024;

/** A byte range of an export that starts and ends at record boundaries; `lineOffset` is the line before its first. */
export interface Chunk {
  start: number;
  end: number;
  lineOffset: number;
}

/**
 * Follows csv-parse's reading of quotes (with relax_quotes) through raw bytes, so that the byte
 * scans below find the record ends the parser finds: a quote opens a quoted cell only at the
 * start of a cell (after a delimiter, a line end or where the scan starts), a quote in a quoted
 * cell closes it, and a quote right after a closing one opens it again (`""`, an escaped quote).
 * Any other quote is literal, as csv-parse reads it: a stray quote in an unquoted cell must not
 * turn the rest of the file into one "quoted" stretch for the scan.
 */
class QuoteTracker {
  inQuotes = false;
  private lastClose = -2;

  constructor(private readonly delimiter: number) {}

  /** A quote at byte `at`; `before` is the byte before it, -1 where the scan starts. */
  quote(at: number, before: number): void {
    if (this.inQuotes) {
      this.inQuotes = false;
      this.lastClose = at;
    } else if (before === -1 || before === this.delimiter || before === 10 || before === 13 || this.lastClose === at - 1) {
      this.inQuotes = true;
    }
  }
}

/**
 * Splits a UTF-8 file into byte ranges that start at record boundaries: a line break counts as
 * a boundary only outside quotes (QuoteTracker). Searching is native (Buffer.indexOf), so this
 * costs a small fraction of parsing.
 */
export async function splitAtRecords(file: string, size: number, parts: number, dataStart: number, dataLine: number, delimiter: string): Promise<Chunk[]> {
  const handle = await open(file, 'r');
  try {
    const block = Buffer.alloc(4 << 20);
    const targets = Array.from({ length: parts - 1 }, (_, i) => dataStart + Math.floor(((size - dataStart) * (i + 1)) / parts));
    const chunks: Chunk[] = [];
    const quotes = new QuoteTracker(delimiter.charCodeAt(0));
    let chunkStart = dataStart;
    let chunkLine = dataLine;
    let position = dataStart;
    let lastByte = -1;
    let lines = dataLine;
    let target = targets.shift();
    while (position < size && target !== undefined) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      const data = block.subarray(0, bytesRead);
      let i = 0;
      while (i < data.length) {
        if (target !== undefined && position + i >= target && !quotes.inQuotes) {
          const nl = data.indexOf(10, i);
          const q = data.indexOf(34, i);
          if (nl !== -1 && (q === -1 || nl < q)) {
            lines++;
            const boundary = position + nl + 1;
            chunks.push({ start: chunkStart, end: boundary - 1, lineOffset: chunkLine });
            chunkStart = boundary;
            chunkLine = lines;
            target = targets.shift();
            i = nl + 1;
            continue;
          }
        }
        const q = data.indexOf(34, i);
        const nl = data.indexOf(10, i);
        if (q === -1 && nl === -1) break;
        if (nl !== -1 && (q === -1 || nl < q)) {
          lines++;
          i = nl + 1;
        } else {
          quotes.quote(position + q, q > 0 ? data[q - 1]! : lastByte);
          i = q + 1;
        }
      }
      lastByte = data[data.length - 1]!;
      position += bytesRead;
    }
    chunks.push({ start: chunkStart, end: size - 1, lineOffset: chunkLine });
    return chunks.filter((c) => c.end >= c.start);
  } finally {
    await handle.close();
  }
}

/**
 * Byte offset after the first `records` records (header rows, and Excel's `sep=` line), and the
 * line breaks they take. Empty lines are not records: csv-parse skips them.
 */
export async function headerEnd(file: string, records: number, startAt: number, delimiter: string): Promise<{ offset: number; lines: number }> {
  const handle = await open(file, 'r');
  try {
    const block = Buffer.alloc(HEADER_BLOCK);
    const quotes = new QuoteTracker(delimiter.charCodeAt(0));
    let found = 0;
    let lines = 0;
    let position = startAt;
    let before = -1;
    let content = false;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) return { offset: position, lines };
      for (let i = 0; i < bytesRead; i++) {
        const c = block[i]!;
        if (c === 34) quotes.quote(position + i, before);
        if (c === 10) {
          lines++;
          if (!quotes.inQuotes) {
            if (content && ++found === records) return { offset: position + i + 1, lines };
            content = false;
          }
        } else if (c !== 13) {
          content = true;
        }
        before = c;
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
