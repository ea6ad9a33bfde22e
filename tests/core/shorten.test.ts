import { describe, expect, it } from 'vitest';
import { shorten } from '../../src/core/shorten.js';

describe('shorten', () => {
  it('keeps short text whole, white space runs as one space', () => {
    expect(shorten('  Fee   shown\nlate  ')).toBe('Fee shown late');
  });

  it('cuts long text at a word boundary, without trailing punctuation, with an ellipsis', () => {
    const text = 'The delivery fee (EUR 3.50 to 6.00 by slot) and the EUR 40 minimum basket appear only on the final step.';
    const out = shorten(text);
    expect(out).toBe('The delivery fee (EUR 3.50 to 6.00 by slot) and the EUR 40…');
    expect(Array.from(out).length).toBeLessThanOrEqual(60);
    expect(shorten('one, two, three, four', 12)).toBe('one, two…');
  });

  it('cuts text without spaces (CJK, one long word) inside, never through a surrogate pair', () => {
    expect(shorten('顧客体験'.repeat(30), 10)).toBe('顧客体験顧客体験顧…');
    const emoji = shorten('😀'.repeat(20), 5);
    expect(emoji).toBe('😀😀😀😀…');
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
