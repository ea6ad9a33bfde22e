import { Chalk } from 'chalk';

/** Colours for the human formats: chalk at basic ANSI level, or plain when colour is off. */
export type Painter = InstanceType<typeof Chalk>;

export function painter(color: boolean): Painter {
  return new Chalk({ level: color ? 1 : 0 });
}

/** Sections of a human format, a blank line between them, one newline at the end. */
export function sectionsText(sections: readonly (readonly string[])[]): string {
  return sections.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}
