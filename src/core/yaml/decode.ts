import type { Diagnostic } from '../diagnostics.js';

export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; diagnostic: Diagnostic };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Bytes to text, the way a YAML 1.2 reader must: a BOM picks UTF-8 or UTF-16; otherwise the
 * text must be valid UTF-8. Binary files (NUL bytes, as git detects them) and invalid UTF-8
 * are refused with the position of the first offending byte, never decoded into mojibake.
 */
export function decodeSource(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const nul = bytes.subarray(0, 8000).indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(bytes, nul);
    return {
      ok: false,
      diagnostic: {
        code: 'io/binary-file',
        severity: 'error',
        message: 'The file contains NUL bytes; it looks binary, not like a YAML text file.',
        hint: 'Journey maps are UTF-8 text files; check that the path points at the right file (UTF-16 files need a byte order mark).',
        path: '',
        line,
        column,
        endLine: line,
        endColumn: column + 1,
      },
    };
  }
  try {
    const text = utf8.decode(bytes);
    return { ok: true, text, encoding: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8-bom' : 'utf-8' };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const { line, column } = positionOfByte(bytes, offset);
    const byte = bytes[offset] ?? 0;
    return {
      ok: false,
      diagnostic: {
        code: 'io/invalid-utf8',
        severity: 'error',
        message: `Byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8.`,
        hint: 'Save the file as UTF-8 (editors call it "UTF-8"; Excel and old Windows tools often write Windows-1252).',
        path: '',
        line,
        column,
        endLine: line,
        endColumn: column + 1,
      },
    };
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (bytes.length when valid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** 1-based line and column (in characters of the valid prefix) of a byte offset. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  const lastBreak = prefix.lastIndexOf('\n');
  let line = 1;
  for (let i = 0; i < prefix.length; i++) if (prefix.charCodeAt(i) === 10) line++;
  return { line, column: prefix.length - lastBreak };
}
