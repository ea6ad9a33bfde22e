import { access, constants } from 'node:fs/promises';
import { InputError } from '../core/errors.js';

/** Where Chrome or Chromium usually lives, per platform (MERMAID.md). */
export const SYSTEM_BROWSERS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * The browser that renders diagrams: `--browser`, else JOURNEYKIT_BROWSER, else
 * PUPPETEER_EXECUTABLE_PATH, else the usual system locations. journeykit never downloads one.
 * Returns undefined when none is found (callers decide whether that is an error).
 */
export async function findBrowser(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  candidates: readonly string[] = SYSTEM_BROWSERS,
): Promise<string | undefined> {
  const named = explicit ?? env.JOURNEYKIT_BROWSER ?? env.PUPPETEER_EXECUTABLE_PATH;
  if (named !== undefined && named !== '') {
    if (await executable(named)) return named;
    throw new InputError(`Browser '${named}' is not an executable file.`, 'Point --browser (or JOURNEYKIT_BROWSER) at Chrome or Chromium.');
  }
  for (const candidate of candidates) if (await executable(candidate)) return candidate;
  return undefined;
}

export function noBrowserError(): InputError {
  return new InputError(
    'No Chrome or Chromium found to render the diagram as an image.',
    'Install one (Debian/Ubuntu: sudo apt-get install -y chromium fonts-noto-color-emoji fonts-noto-cjk), point --browser or JOURNEYKIT_BROWSER at it, or use --format mmd (no browser needed).',
  );
}
