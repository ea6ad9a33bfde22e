/** A stream output goes to: stdout or stderr, injected so tests run commands in-process. */
export interface Output {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
}
