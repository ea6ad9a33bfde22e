import type { AggregationPlan } from '../../core/survey/plan/index.js';
import { MAX_COLUMNS } from './stream.js';

/**
 * The fast path of `journey metrics`: a scanner over the UTF-8 bytes csv-parse would read (after
 * utf8Guard and lfLineEnds, so every line end is a LF) that splits records at the same places
 * csv-parse does but makes strings only of the cells the run reads. It takes only the plain
 * layouts whose reading is proven identical to csv-parse's (tests/fuzz/fast-scan.test.ts); on
 * anything else (a quote inside an unquoted cell, text after a closing quote, a quote never
 * closed, a NUL, a BOM, a cell or record near a limit) it throws FastScanBail and the caller
 * parses the range again with csv-parse, whose reading and diagnostics are the ones of record.
 */
export class FastScanBail extends Error {
  constructor(readonly reason: string) {
    super(`fast scan: ${reason}`);
  }
}

/** Cells longer than this, or records pending longer than PENDING_LIMIT, go to csv-parse (its limits). */
const CELL_LIMIT = 256 * 1024;
const PENDING_LIMIT = 2 * 1024 * 1024;
const LF = 10;
const QUOTE = 34;

/** The columns an aggregation reads, by index. */
export function neededColumns(plan: AggregationPlan): boolean[] {
  const needed: boolean[] = [];
  const indexes = [
    ...plan.metrics.map((m) => m.index),
    ...plan.dims.map((d) => d.index),
    ...(plan.date ? [plan.date.index] : []),
    ...[plan.responseId, plan.status, plan.distributionChannel, plan.finished?.index, plan.comment?.index, plan.comment?.touchpoint].filter((i): i is number => i !== undefined),
  ];
  for (const i of indexes) needed[i] = true;
  return needed;
}

/** Cells up to this many bytes are looked up in their column's CellCache. */
const SHORT_CELL = 24;

/**
 * The text of a column's short cells by their bytes: a column of channels, scores or statuses
 * has few distinct cells, found again by a hash and a byte comparison instead of being decoded
 * each time. A column whose cells are mostly distinct (response ids) stops using it.
 */
class CellCache {
  private readonly entries = new Map<number, { bytes: Buffer; text: string }>();
  private misses = 0;
  off = false;

  text(data: Buffer, start: number, end: number): string {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ data[i]!, 0x01000193);
    const entry = this.entries.get(hash);
    if (entry !== undefined && entry.bytes.length === end - start) {
      let same = true;
      for (let i = start, k = 0; same && i < end; i++, k++) same = data[i] === entry.bytes[k];
      if (same) return entry.text;
    }
    const text = data.toString('utf8', start, end);
    if (entry === undefined && this.entries.size < 1024) this.entries.set(hash, { bytes: Buffer.from(data.subarray(start, end)), text });
    else if (++this.misses > 4096 && this.misses > this.entries.size * 4) this.off = true;
    return text;
  }
}

/** Sentinel: the record is not complete in the bytes at hand. */
const INCOMPLETE = -1;

export class FastScanner {
  /** Lines counted so far, as csv-parse's info.lines (1 = the first line of the range). */
  private lines = 1;
  private pending: Buffer | undefined;
  /** The cells of the record being read: needed ones as text, others '' (reused for every record). */
  private readonly fields: string[] = [];
  private readonly caches: CellCache[] = [];
  private recordBreaks = 0;
  private first = true;

  constructor(
    private readonly delimiter: number,
    private readonly needed: readonly boolean[],
    private readonly width: number,
    private readonly sink: (fields: string[], endLine: number) => void,
  ) {}

  /** Scans the next bytes of the range; a record cut at the end waits for the next call. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.first) {
      // A BOM (EF BB BF) or the start of one, which csv-parse strips (bom: true).
      this.first = false;
      if (chunk[0] === 0xef) throw new FastScanBail('BOM');
    }
    if (chunk.indexOf(0) !== -1) throw new FastScanBail('NUL');
    const data = this.pending ? this.complete(this.pending, chunk) : chunk;
    if (data === undefined) return;
    const rest = this.scan(data, false);
    this.pending = rest < data.length ? Buffer.from(data.subarray(rest)) : undefined;
    if (this.pending && this.pending.length > PENDING_LIMIT) throw new FastScanBail('long record');
  }

  /**
   * Finishes the record cut at the end of the last chunk with the first lines of this one, so
   * that only that record is copied, not the whole chunk: the rest of the chunk to scan, or
   * undefined when the record goes on past it (then it all waits in `pending`).
   */
  private complete(pending: Buffer, chunk: Buffer): Buffer | undefined {
    this.pending = undefined;
    let lf = chunk.indexOf(LF);
    // A few tries (line breaks inside a quoted cell end no record), then the whole chunk.
    for (let tries = 0; lf !== -1 && tries < 4; tries++) {
      const head = Buffer.concat([pending, chunk.subarray(0, lf + 1)]);
      if (this.scan(head, false) === head.length) return chunk.subarray(lf + 1);
      lf = chunk.indexOf(LF, lf + 1);
    }
    if (lf === -1 && chunk.length + pending.length <= PENDING_LIMIT) {
      this.pending = Buffer.concat([pending, chunk]);
      return undefined;
    }
    return Buffer.concat([pending, chunk]);
  }

  /** The end of the range: the last record needs no line end. */
  end(): void {
    if (this.pending) this.scan(this.pending, true);
    this.pending = undefined;
  }

  /** Reads the complete records of `data`; returns where the first incomplete one starts. */
  private scan(data: Buffer, final: boolean): number {
    let p = 0;
    const n = data.length;
    while (p < n) {
      if (data[p] === LF) {
        // skip_empty_lines: an empty line is no record, but a line all the same.
        this.lines++;
        p++;
        continue;
      }
      const next = this.record(data, p, final);
      if (next === INCOMPLETE) return p;
      p = next;
    }
    return p;
  }

  /** One record from `start`: its end (after its LF), or INCOMPLETE. */
  private record(data: Buffer, start: number, final: boolean): number {
    const fields = this.fields;
    const n = data.length;
    let count = 0;
    let p = start;
    this.recordBreaks = 0;
    for (;;) {
      const end = data[p] === QUOTE ? this.quoted(data, p, count, final) : this.unquoted(data, p, count, final);
      if (end === INCOMPLETE) return INCOMPLETE;
      if (++count > MAX_COLUMNS) throw new FastScanBail('columns');
      if (end === n) {
        // Only a final scan gets here (else the cell is incomplete): the input ends the record.
        return this.emit(count, end, false);
      }
      if (data[end] === LF) return this.emit(count, end + 1, true);
      p = end + 1;
      if (p === n && !final) return INCOMPLETE;
      if (p === n) {
        // A delimiter ends the input: one more, empty cell.
        fields[count] = '';
        if (++count > MAX_COLUMNS) throw new FastScanBail('columns');
        return this.emit(count, n, false);
      }
    }
  }

  private emit(count: number, next: number, lineEnd: boolean): number {
    this.fields.length = count;
    // csv-parse counts the record's own line end after it pushes the record.
    this.sink(this.fields, this.lines + this.recordBreaks);
    this.lines += this.recordBreaks + (lineEnd ? 1 : 0);
    return next;
  }

  /** The text of bytes [start, end) of column `index`. */
  private text(data: Buffer, start: number, end: number, index: number): string {
    if (start === end) return '';
    if (end - start > SHORT_CELL) return data.toString('utf8', start, end);
    const cache = (this.caches[index] ??= new CellCache());
    return cache.off ? data.toString('utf8', start, end) : cache.text(data, start, end);
  }

  /** An unquoted cell from `p`: the index of the delimiter or LF after it (n at the end of a final scan). */
  private unquoted(data: Buffer, p: number, index: number, final: boolean): number {
    const n = data.length;
    const delimiter = this.delimiter;
    let i = p;
    for (; i < n; i++) {
      const c = data[i]!;
      if (c === delimiter || c === LF) break;
      if (c === QUOTE) throw new FastScanBail('quote in an unquoted cell');
    }
    if (i === n && !final) return INCOMPLETE;
    if (i - p > CELL_LIMIT) throw new FastScanBail('large cell');
    this.fields[index] = i > p && (this.needed[index] === true || index >= this.width) ? this.text(data, p, i, index) : '';
    return i;
  }

  /** A quoted cell from its opening quote at `p`: the index after its closing quote, or INCOMPLETE. */
  private quoted(data: Buffer, p: number, index: number, final: boolean): number {
    const n = data.length;
    let q = p + 1;
    let doubled = false;
    let close: number;
    for (;;) {
      const j = data.indexOf(QUOTE, q);
      if (j === -1 || (j + 1 === n && !final)) {
        if (final) throw new FastScanBail('quote not closed');
        return INCOMPLETE;
      }
      if (j + 1 < n && data[j + 1] === QUOTE) {
        doubled = true;
        q = j + 2;
        continue;
      }
      close = j;
      break;
    }
    const after = close + 1;
    if (after < n && data[after] !== this.delimiter && data[after] !== LF) throw new FastScanBail('text after a closing quote');
    if (close - p > CELL_LIMIT) throw new FastScanBail('large cell');
    let breaks = 0;
    for (let k = data.indexOf(LF, p + 1); k !== -1 && k < close; k = data.indexOf(LF, k + 1)) breaks++;
    this.recordBreaks += breaks;
    if (this.needed[index] === true || index >= this.width || breaks > 0) {
      const text = breaks > 0 || doubled ? data.toString('utf8', p + 1, close) : this.text(data, p + 1, close, index);
      this.fields[index] = doubled ? text.replaceAll('""', '"') : text;
    } else this.fields[index] = '';
    return after;
  }
}
