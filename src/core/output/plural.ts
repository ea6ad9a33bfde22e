/** `error` for one, `errors` for any other count; `nouns` for a plural that is not `noun` + `s`. */
export function pluralWord(count: number, noun: string, nouns = `${noun}s`): string {
  return count === 1 ? noun : nouns;
}

/** `1 error`, `2 errors`, `0 infos`; `nouns` for a plural that is not `noun` + `s`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${pluralWord(count, noun, nouns)}`;
}
