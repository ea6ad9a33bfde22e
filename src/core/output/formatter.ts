/**
 * What every command's `--format` rests on: a formatter is a pure function from a command's
 * report to the complete output text, one module per formatter, and each command lists its
 * formatters once, in the order help shows them.
 */
export type Formatter<Report, Options> = (report: Report, options: Options) => string;

export interface FormatterRegistry<Name extends string, Report, Options> {
  /** The `--format` values, in the order help lists them. */
  readonly names: readonly Name[];
  /** Every formatter, by name. */
  readonly formatters: Readonly<Record<Name, Formatter<Report, Options>>>;
}

/** The names a registry knows, as a type. */
export type FormatNameOf<R> = R extends { readonly names: readonly (infer Name)[] } ? Name : never;

/**
 * A command's formatters from one explicit list: the names, and so the order help shows them
 * in, are the list's keys.
 */
export function formatterRegistry<Name extends string, Report, Options>(list: Readonly<Record<Name, Formatter<Report, Options>>>): FormatterRegistry<Name, Report, Options> {
  return { names: Object.freeze(Object.keys(list) as Name[]), formatters: Object.freeze({ ...list }) };
}
