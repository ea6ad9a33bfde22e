/**
 * Makes text from a map safe to print on a terminal. Control characters (ESC starts colour and
 * cursor sequences, CR rewrites the line, BEL rings) become their visible Unicode "control
 * pictures" (`␛`, `␍`, `␊`); C1 controls and bidirectional overrides (the "Trojan Source" trick,
 * which reorders what the reader sees) become U+FFFD. Tab becomes a space. Every UTF-16 code
 * unit maps to exactly one, so columns computed on the original text still line up.
 */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x09) return ' ';
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\uFFFD';
  });
}

/** `escapeTerminal` line by line: the line breaks (LF, CRLF) stay, so the text keeps its layout. */
export function escapeTerminalLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.endsWith('\r') ? `${escapeTerminal(line.slice(0, -1))}\r` : escapeTerminal(line)))
    .join('\n');
}
