/**
 * The `journey` view: Mermaid's user-journey diagram. Sections are the map's stages, tasks its
 * touchpoints in journey order, each task's score the touchpoint's emotion mapped onto Mermaid's
 * 1..5 and its actors the touchpoint's personas. All user text is escaped as MERMAID.md says.
 */
import type { EmotionScale, Persona, Touchpoint } from '../model.js';
import { emotionScale, fractionBetween } from '../model.js';
import { escapeMermaid, escapeMermaidSlot } from './escape.js';
import { omittedNote } from './limit.js';
import type { View, ViewInput } from './types.js';

/** The score of a touchpoint without an emotion: the middle of Mermaid's 1..5, i.e. neutral. */
export const NEUTRAL_JOURNEY_SCORE = 3;
/**
 * Actors longer than this are cut. Mermaid's legend wraps a name wider than 360 px onto more
 * lines (and the journey's left margin grows with it); 40 plain characters stay on one line.
 */
export const MAX_ACTOR_LENGTH = 40;

/**
 * The journey diagram is drawn at its natural size, never shrunk to the page: Mermaid's default
 * (`useMaxWidth`) scales the whole diagram down to the width of its container, which at 12-15
 * touchpoints left text about 5 px high in a 784 px PNG that was two thirds empty. At its natural
 * size every touchpoint is a 150 px column with 14 px text (about 170 px a touchpoint, 2,800 px at
 * 15 touchpoints); a Markdown viewer scrolls it sideways, and `render --width`/`--scale` choose
 * the size of an image. The margin between tasks equals Mermaid's diagram margin, because Mermaid
 * sizes a section's box with the latter: any other value misaligns sections and tasks.
 * Frontmatter config, which GitHub, mermaid-cli and the report's runtime all read; no user text
 * goes into it.
 */
export const JOURNEY_FRONTMATTER = ['---', 'config:', '  journey:', '    useMaxWidth: false', '    diagramMarginX: 20', '    taskMargin: 20', '---'] as const;

const INDENT = '    ';

/**
 * The emotion mapped linearly from the map's scale onto Mermaid's 1..5:
 * `round(1 + 4 * (emotion - min) / (max - min))`, clamped to 1..5 (Mermaid draws 0 or 6 off the
 * chart without complaint), halves rounded up. On the default -2..2 scale that is emotion + 3;
 * on a 1..5 scale the emotion itself. A missing (or non-finite) emotion, or a scale whose
 * `max` is not above its `min`, gives the neutral 3.
 */
export function journeyScore(emotion: number | undefined, scale: EmotionScale): number {
  if (typeof emotion !== 'number' || !Number.isFinite(emotion)) return NEUTRAL_JOURNEY_SCORE;
  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.max > scale.min)) return NEUTRAL_JOURNEY_SCORE;
  const exact = 1 + 4 * fractionBetween(emotion, scale.min, scale.max);
  // The epsilon keeps 2.4999999999 (float noise of an exact half) from rounding down.
  const score = Math.round(exact + 1e-9);
  return Math.min(5, Math.max(1, score));
}

/**
 * A persona's name as a journey actor: actors are split on commas and end at `:`, `#` or `;`,
 * and the legend wraps long ones and cuts entities (MERMAID.md), so only letters, digits and
 * single spaces are kept (no entities), cut at {@link MAX_ACTOR_LENGTH} characters (at the last
 * space when the cut falls inside a word). A name with nothing left falls back to the persona id
 * with hyphens as spaces, which always has a letter or digit.
 */
export function actorName(persona: Pick<Persona, 'id' | 'name'>): string {
  const plain = (text: string): string =>
    text
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const cut = (text: string): string => {
    const chars = Array.from(text);
    if (chars.length <= MAX_ACTOR_LENGTH) return text;
    const head = chars.slice(0, MAX_ACTOR_LENGTH).join('');
    const nextIsSpace = chars[MAX_ACTOR_LENGTH] === ' ';
    const lastSpace = head.lastIndexOf(' ');
    return (nextIsSpace || lastSpace <= 0 ? head : head.slice(0, lastSpace)).trim();
  };
  return cut(plain(persona.name)) || cut(plain(persona.id));
}

/** The actors of a touchpoint: its personas' names, or every persona's when it lists none; unknown ids are skipped. */
function actorsOf(touchpoint: Touchpoint, personas: readonly Persona[]): string[] {
  const listed = touchpoint.personas ?? [];
  const chosen = listed.length === 0 ? personas : listed.flatMap((id) => personas.filter((p) => p.id === id).slice(0, 1));
  const actors: string[] = [];
  for (const persona of chosen) {
    const actor = actorName(persona);
    if (actor !== '' && !actors.includes(actor)) actors.push(actor);
  }
  return actors;
}

/**
 * A task's text: escaped like a section (leading `section`, `journey`, `title` neutralised),
 * plus any text that merely starts with `journey` ("Journeys"): Mermaid's journey lexer takes
 * that keyword even inside a longer word, and escapeMermaidSlot only catches the whole word.
 */
function taskText(text: string, fallback: string): string {
  const escaped = escapeMermaidSlot(text) || escapeMermaidSlot(fallback);
  return /^journey/i.test(escaped) ? `#${escaped.codePointAt(0)!};${escaped.slice(1)}` : escaped;
}

function renderJourney({ map, omitted }: ViewInput): string {
  const scale = emotionScale(map);
  const personas = map.personas ?? [];
  const lines: string[] = [];
  const noEmotion: string[] = [];
  const empty: string[] = [];
  const sections = new Set<string>();
  for (const stage of map.stages) {
    const touchpoints = stage.touchpoints ?? [];
    if (touchpoints.length === 0) {
      empty.push(stage.id);
      continue;
    }
    // Mermaid draws consecutive tasks of equally named sections as one section: repeats get " (2)".
    const name = escapeMermaidSlot(stage.name) || escapeMermaidSlot(stage.id);
    let section = name;
    for (let n = 2; sections.has(section); n++) section = `${name} ${escapeMermaid(`(${n})`)}`;
    sections.add(section);
    lines.push(`${INDENT}section ${section}`);
    for (const touchpoint of touchpoints) {
      if (typeof touchpoint.emotion !== 'number' || !Number.isFinite(touchpoint.emotion)) noEmotion.push(touchpoint.id);
      const actors = actorsOf(touchpoint, personas);
      const score = journeyScore(touchpoint.emotion, scale);
      lines.push(`${INDENT}${INDENT}${taskText(touchpoint.name, touchpoint.id)}: ${score}${actors.length > 0 ? `: ${actors.join(', ')}` : ''}`);
    }
  }
  // Comments name ids only: they are slugs, so never syntax.
  const comments: string[] = [];
  if (noEmotion.length > 0) comments.push(`${INDENT}%% no emotion, drawn at the neutral score ${NEUTRAL_JOURNEY_SCORE}: ${noEmotion.join(', ')}`);
  if (empty.length > 0) comments.push(`${INDENT}%% stages without touchpoints, left out (an empty section draws nothing): ${empty.join(', ')}`);
  // A shortened map (limit.ts) says so in the title, the one line of text the diagram always shows.
  const note = omitted ? ` ${escapeMermaid(`(${omittedNote(omitted)})`)}` : '';
  const title = `${INDENT}title ${escapeMermaid(map.title.trim()) || escapeMermaid(map.id)}${note}`;
  return `${[...JOURNEY_FRONTMATTER, 'journey', title, ...comments, ...lines].join('\n')}\n`;
}

export const journeyView: View = {
  id: 'journey',
  description: 'user-journey diagram: stages as sections, touchpoints as tasks scored by emotion (1..5), personas as actors',
  render: renderJourney,
};
