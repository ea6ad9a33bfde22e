import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { MERMAID_MAX_TEXT } from '../core/mermaid/limit.js';

/**
 * Escaping inflates text (every punctuation mark becomes `#nn;`), so Mermaid's 50,000-character
 * limit is raised deliberately; the same limit applies wherever journeykit runs Mermaid.
 */
export const MAX_TEXT_SIZE = MERMAID_MAX_TEXT;

/** The Mermaid configuration for every renderer: strict security, errors thrown rather than drawn. */
export const MERMAID_CONFIG = { startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true, maxTextSize: MAX_TEXT_SIZE } as const;

/** The browser build of the mermaid package (the version mermaid-cli renders with). */
export function mermaidRuntimePath(): string {
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}

export async function readMermaidRuntime(): Promise<string> {
  return readFile(mermaidRuntimePath(), 'utf8');
}
