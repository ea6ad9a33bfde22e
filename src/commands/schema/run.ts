import type { CommandContext } from '../context.js';
import { readSchemaText } from '../../io/package.js';
import { writeAtomic } from '../../io/write.js';

export interface SchemaFlags {
  config?: boolean;
  metrics?: boolean;
  output?: string;
}

export async function schemaCommand(flags: SchemaFlags, context: CommandContext): Promise<number> {
  const text = readSchemaText(flags.config ? 'journeykit-config' : flags.metrics ? 'metrics-report' : 'journey-map');
  if (flags.output !== undefined) await writeAtomic(flags.output, text, [], context.cwd);
  else context.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
