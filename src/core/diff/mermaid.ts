/**
 * The small before/after diagram of a diff: only the touchpoints that were added, removed, moved or
 * renamed, in the stage they are in now (removed ones in the stage they left), stages in journey
 * order, coloured by what happened to them. Ids are generated; every piece of user text is escaped for Mermaid.
 */
import { escapeMermaid } from '../mermaid/escape.js';
import { MERMAID_MAX_TEXT } from '../mermaid/limit.js';
import type { Change, FileDiff } from './types.js';
import { pluralWord } from '../output/plural.js';

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

/**
 * Mermaid source, or undefined when no touchpoint was added, removed, moved or renamed; never over
 * Mermaid's size limit (the touchpoints that do not fit are counted in a note).
 */
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
  // Escaped once, as the search below draws the diagram several times; and only the nodes that
  // might fit (escaping never shortens text), so a huge diff costs no more than the limit.
  const all: (Node & { text: string })[] = [];
  let raw = 0;
  for (const node of nodes.values()) {
    raw += node.label.length + node.note.length;
    if (raw > MERMAID_MAX_TEXT) break;
    all.push({ ...node, text: `${escapeMermaid(node.label)}<br>${escapeMermaid(node.note)}` });
  }
  const total = nodes.size;
  const full = drawDiagram(diff, all, total - all.length);
  if (full.length <= MERMAID_MAX_TEXT) return full;
  // Over Mermaid's size limit: the first touchpoints that fit (a binary search on how many), and a note on the rest.
  let lo = 0;
  let hi = all.length;
  let best = drawDiagram(diff, [], total);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const source = drawDiagram(diff, all.slice(0, mid), total - mid);
    if (source.length <= MERMAID_MAX_TEXT) {
      lo = mid;
      best = source;
    } else hi = mid;
  }
  return best;
}

function drawDiagram(diff: FileDiff, drawn: readonly (Node & { text: string })[], omitted: number): string {
  // Stages in journey order, named as on the map; a stage the diff does not know keeps its id.
  const used = new Set(drawn.map((node) => node.stage));
  const names = new Map((diff.stages ?? []).map((s) => [s.id, s.name]));
  const stages = [...new Set([...(diff.stages ?? []).map((s) => s.id).filter((id) => used.has(id)), ...used])];
  const lines = ['flowchart LR', `${INDENT}%% touchpoints added, removed, moved or renamed, by stage`];
  if (omitted > 0)
    lines.push(`${INDENT}more1["${escapeMermaid(`${omitted} more changed ${pluralWord(omitted, 'touchpoint')} not drawn as the diagram would be over the Mermaid size limit`)}"]`);
  const members = new Map<Fate, string[]>(FATES.map((f) => [f, []]));
  let n = 0;
  stages.forEach((stage, s) => {
    lines.push(`${INDENT}subgraph s${s + 1} ["${escapeMermaid(names.get(stage) ?? stage)}"]`);
    for (const node of drawn) {
      if (node.stage !== stage) continue;
      const id = `t${++n}`;
      members.get(node.fate)!.push(id);
      lines.push(`${INDENT}${INDENT}${id}["${node.text}"]`);
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
