import type { Option } from 'commander';
import type { CommandContext } from './context.js';

/** A positional argument: `<map>`, `[paths...]`. */
export interface ArgumentSpec {
  syntax: string;
  description: string;
  default?: string;
}

/** What a command does when it runs: its positional arguments, then its flags and the context. */
export type CommandRun<Args extends readonly unknown[], Flags> = (...args: [...Args, Flags, CommandContext]) => Promise<number>;

/**
 * A command as the CLI shows it (name, arguments, flags with their choices, help and examples)
 * and how to load what it does. The spec is loaded on every invocation, so it stays light: the
 * implementation is imported only when the command runs.
 */
export interface CommandSpec<Args extends readonly unknown[] = never[], Flags = never> {
  name: string;
  description: string;
  arguments?: readonly ArgumentSpec[];
  options: readonly Option[];
  /** Help text before the examples. */
  notes?: string;
  /** Command lines, shown after `$ `, with a comment aligned after them where it helps. */
  examples: readonly string[];
  /** Help text after the examples. */
  footer?: string;
  load: () => Promise<CommandRun<Args, Flags>>;
}

/** Any command, as the CLI registers it: the arguments its implementation takes are commander's to pass. */
export type AnyCommandSpec = Omit<CommandSpec, 'load'> & { load: () => Promise<(...args: never) => Promise<number>> };

export function defineCommand<Args extends readonly unknown[], Flags>(spec: CommandSpec<Args, Flags>): CommandSpec<Args, Flags> {
  return spec;
}

/** The help text after the options: the notes, the examples, the footer. */
export function helpAfter(spec: Pick<CommandSpec, 'notes' | 'examples' | 'footer'>): string {
  const examples = `Examples:\n${spec.examples.map((example) => `  $ ${example}`).join('\n')}`;
  return `\n${[spec.notes, examples, spec.footer].filter((part) => part !== undefined).join('\n\n')}`;
}

const lazyChoices = new WeakMap<Option, () => Promise<readonly string[]>>();

/**
 * Choices that live in a module too heavy to load on every invocation (the formatters, the
 * diagram views): set by `loadChoices` before the command line is parsed, when the command is named.
 */
export function choicesFrom(option: Option, load: () => Promise<readonly string[]>): Option {
  lazyChoices.set(option, load);
  return option;
}

export async function loadChoices(spec: Pick<CommandSpec, 'options'>): Promise<void> {
  await Promise.all(
    spec.options.map(async (option) => {
      const load = lazyChoices.get(option);
      if (load !== undefined) option.choices(await load());
    }),
  );
}
