import type { CommandContext } from '../cli/context.js';
import { readSchemaText } from '../io/package.js';
import { writeAtomic } from '../io/write.js';

export async function schemaCommand(flags: { config?: boolean; metrics?: boolean; output?: string }, context: CommandContext): Promise<number> {
  const text = readSchemaText(flags.config ? 'journeykit-config' : flags.metrics ? 'metrics-report' : 'journey-map');
  if (flags.output !== undefined) await writeAtomic(flags.output, text, [], context.cwd);
  else context.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
