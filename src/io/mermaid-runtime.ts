import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { MERMAID_MAX_TEXT } from '../core/mermaid/limit.js';

/**
 * Escaping inflates text (every punctuation mark becomes `#nn;`), so Mermaid's 50,000-character
 * limit is raised deliberately; the same limit applies wherever journeykit runs Mermaid.
 */
export const MAX_TEXT_SIZE = MERMAID_MAX_TEXT;

/**
 * The Mermaid themes journeykit offers (`--theme`). Every view's series colours are chosen to
 * stay visible (3:1 against the background and the fills they sit on) in each of them.
 */
export const MERMAID_THEMES = ['default', 'neutral', 'forest', 'dark'] as const;
export type MermaidTheme = (typeof MERMAID_THEMES)[number];

/** The page behind a diagram of each theme (Mermaid's own `background` of the theme). */
export const THEME_BACKGROUNDS: Readonly<Record<MermaidTheme, string>> = {
  default: '#ffffff',
  neutral: '#ffffff',
  forest: '#ffffff',
  dark: '#333333',
};

const BASE_CONFIG = { startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true, maxTextSize: MAX_TEXT_SIZE } as const;

/**
 * The Mermaid configuration for a theme: strict security, errors thrown rather than drawn. The
 * default theme is Mermaid's own default, so its configuration names no theme.
 */
export function mermaidConfig(theme: MermaidTheme = 'default'): Readonly<typeof BASE_CONFIG & { theme?: MermaidTheme }> {
  return theme === 'default' ? BASE_CONFIG : { ...BASE_CONFIG, theme };
}

export function isMermaidTheme(name: string): name is MermaidTheme {
  return (MERMAID_THEMES as readonly string[]).includes(name);
}

/** The Mermaid configuration for every renderer (the default theme). */
export const MERMAID_CONFIG = mermaidConfig('default');

/** The browser build of the mermaid package (the version mermaid-cli renders with). */
export function mermaidRuntimePath(): string {
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}

export async function readMermaidRuntime(): Promise<string> {
  return readFile(mermaidRuntimePath(), 'utf8');
}
