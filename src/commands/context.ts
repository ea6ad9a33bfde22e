import type { Output } from '../io/output.js';

export type { Output } from '../io/output.js';

/** What a command may touch: injected so tests run commands in-process. */
export interface RunParams {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: Output;
  stderr: Output;
}

export interface CommandContext extends RunParams {
  /** Real path of the workspace inputs must lie in (src/io/workspace.ts); undefined with --allow-outside. */
  workspace: string | undefined;
  /** Colour for what goes to stdout, decided from --color/--no-color, NO_COLOR, FORCE_COLOR and the TTY. */
  color: boolean;
  verbose: boolean;
}

export function colorFor(stream: Output, env: RunParams['env'], flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true;
}
