/**
 * The small before/after diagram of a diff: only the touchpoints that were added, removed, moved or
 * renamed, in the stage they are in now (removed ones in the stage they left), stages in journey
 * order, coloured by what happened to them. Ids are generated; every piece of user text is escaped for Mermaid.
 */
import { escapeMermaid } from '../mermaid/escape.js';
import type { Change, FileDiff } from './types.js';

const INDENT = '    ';
type Fate = 'added' | 'removed' | 'moved' | 'renamed';
const FATES: readonly Fate[] = ['added', 'removed', 'moved', 'renamed'];

const STYLES: Readonly<Record<Fate, string>> = {
  added: 'fill:#d8f0dc,stroke:#2e7d32,color:#1b1b1b',
  removed: 'fill:#f9d0d0,stroke:#c62828,color:#1b1b1b,stroke-dasharray: 5 5',
  moved: 'fill:#fff1c2,stroke:#b7791f,color:#1b1b1b',
  renamed: 'fill:#dbe9f9,stroke:#1f5fa8,color:#1b1b1b',
};

interface Node {
  stage: string;
  fate: Fate;
  label: string;
  note: string;
}

/** Mermaid source, or undefined when no touchpoint was added, removed, moved or renamed. */
export function diffDiagram(diff: FileDiff): string | undefined {
  const nodes = new Map<string, Node>();
  const touchpointChanges = diff.changes.filter((c): c is Change & { change: Fate } => c.kind === 'touchpoint' && c.change !== 'changed');
  for (const c of touchpointChanges) {
    const existing = nodes.get(c.id);
    const label = c.label ?? c.id;
    if (c.change === 'moved') {
      nodes.set(c.id, { stage: String(c.after), fate: 'moved', label, note: `moved from ${c.before}` });
    } else if (c.change === 'renamed') {
      const note = `renamed from ${c.before}`;
      if (existing) existing.note += `, ${note}`;
      else nodes.set(c.id, { stage: c.stage ?? '', fate: 'renamed', label, note });
    } else {
      nodes.set(c.id, { stage: c.stage ?? '', fate: c.change, label, note: c.change });
    }
  }
  if (nodes.size === 0) return undefined;
  // Stages in journey order, named as on the map; a stage the diff does not know keeps its id.
  const used = new Set([...nodes.values()].map((node) => node.stage));
  const names = new Map((diff.stages ?? []).map((s) => [s.id, s.name]));
  const stages = [...new Set([...(diff.stages ?? []).map((s) => s.id).filter((id) => used.has(id)), ...used])];
  const lines = ['flowchart LR', `${INDENT}%% touchpoints added, removed, moved or renamed, by stage`];
  const members = new Map<Fate, string[]>(FATES.map((f) => [f, []]));
  let n = 0;
  stages.forEach((stage, s) => {
    lines.push(`${INDENT}subgraph s${s + 1} ["${escapeMermaid(names.get(stage) ?? stage)}"]`);
    for (const node of nodes.values()) {
      if (node.stage !== stage) continue;
      const id = `t${++n}`;
      members.get(node.fate)!.push(id);
      lines.push(`${INDENT}${INDENT}${id}["${escapeMermaid(node.label)}<br>${escapeMermaid(node.note)}"]`);
    }
    lines.push(`${INDENT}end`);
  });
  // Invisible links keep the stages side by side, in journey order.
  if (stages.length > 1) lines.push(`${INDENT}${stages.map((_, s) => `s${s + 1}`).join(' ~~~ ')}`);
  for (const fate of FATES) {
    const ids = members.get(fate)!;
    if (ids.length === 0) continue;
    lines.push(`${INDENT}classDef ${fate} ${STYLES[fate]}`, `${INDENT}class ${ids.join(',')} ${fate}`);
  }
  return lines.join('\n') + '\n';
}
