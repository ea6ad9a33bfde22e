import { describe, expect, it } from 'vitest';
import { legendHtml } from '../../../src/core/mermaid/legend.js';
import { view as priorityView } from '../../../src/core/mermaid/priority.js';
import { hostileMap } from './view-fixtures.js';

describe('legendHtml', () => {
  it('writes numbered marks as an ordered list with their own numbers, notes as paragraphs', () => {
    expect(legendHtml([{ mark: '1', text: 'Quick win (impact 4, effort 2): Show the fee' }, { mark: '2', text: 'B' }, { text: 'Not plotted: C' }])).toBe(
      '<ol class="journeykit-legend"><li value="1">Quick win (impact 4, effort 2): Show the fee</li><li value="2">B</li></ol><p class="journeykit-legend-note">Not plotted: C</p>',
    );
    expect(legendHtml([])).toBe('');
  });

  it('keeps hostile text as text', () => {
    expect(legendHtml([{ mark: '1" onclick="x', text: '<script>alert(1)</script> & "q"' }, { text: '<img src=x>' }])).toBe(
      '<ol class="journeykit-legend"><li value="1&quot; onclick=&quot;x">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</li></ol><p class="journeykit-legend-note">&lt;img src=x&gt;</p>',
    );
    const { map } = hostileMap();
    const out = legendHtml(priorityView.legend!({ map }));
    expect(out).toContain('<li value="1">');
    expect(out).toContain('%%{init: {&quot;theme&quot;:&quot;dark&quot;}}%%');
    expect(out.replace(/<\/?(?:ol|li|p)(?: (?:class|value)="[\w-]+")?>/g, '')).not.toMatch(/[<>]/);
  });
});
