import { renderMermaid } from '@mermaid-js/mermaid-cli';
import puppeteer from 'puppeteer';
import type { Browser } from 'puppeteer';
import { InputError } from '../core/errors.js';

export type ImageFormat = 'svg' | 'png' | 'pdf';

/** Escaping inflates text (every punctuation mark becomes `#nn;`), so the limit is raised deliberately. */
const MAX_TEXT_SIZE = 500_000;

/**
 * One headless browser for a whole run (MERMAID.md: launching costs more than rendering), with
 * networking blocked so that no map can make the renderer fetch anything.
 */
export async function withRenderer<T>(browserPath: string, work: (render: (definition: string, format: ImageFormat) => Promise<Uint8Array>) => Promise<T>): Promise<T> {
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: browserPath,
      headless: true,
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        '--proxy-server=127.0.0.1:9',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    throw new InputError(`The browser '${browserPath}' did not start: ${(error as Error).message.split('\n')[0]}`, 'Check the browser (run it with --version), or use --format mmd.');
  }
  try {
    return await work(async (definition, format) => {
      let data: Uint8Array;
      try {
        ({ data } = await renderMermaid(browser, definition, format, {
          mermaidConfig: { suppressErrorRendering: true, maxTextSize: MAX_TEXT_SIZE },
          backgroundColor: 'white',
          pdfFit: true,
        }));
      } catch (error) {
        throw new InputError(`Mermaid could not render the diagram: ${(error as Error).message.split('\n')[0]}`, 'This is a bug in the diagram journeykit generated; please report it with the map.');
      }
      // Mermaid draws some failures as a picture of the error: treat those as errors too.
      if (format === 'svg') {
        const svg = Buffer.from(data).toString('utf8');
        if (!svg.includes('<svg') || /Syntax error in text|Maximum text size in diagram exceeded/.test(svg)) {
          throw new InputError('Mermaid rendered an error diagram instead of the map.', 'This is a bug in the diagram journeykit generated; please report it with the map.');
        }
      }
      return data;
    });
  } finally {
    await browser.close();
  }
}
