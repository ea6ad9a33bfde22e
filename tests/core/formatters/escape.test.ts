import { describe, expect, it } from 'vitest';
import { escapeCommandData, escapeCommandProperty } from '../../../src/core/escape/github.js';
import { escapeMarkdownCell, escapeMarkdownHeading, escapeMarkdownHtml } from '../../../src/core/escape/markdown.js';
import { escapeTerminal } from '../../../src/core/escape/terminal.js';
import { escapeXmlAttribute, escapeXmlText, stripInvalidXmlChars } from '../../../src/core/escape/xml.js';

describe('GitHub workflow command escaping', () => {
  it.each([
    ['plain text', 'plain text', 'plain text'],
    ['100%', '100%25', '100%25'],
    ['%0A', '%250A', '%250A'],
    ['a\nb', 'a%0Ab', 'a%0Ab'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['C:\\maps', 'C:\\maps', 'C%3A\\maps'],
    ['a, b', 'a, b', 'a%2C b'],
    ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
    ['x\n::add-mask::secret', 'x%0A::add-mask::secret', 'x%0A%3A%3Aadd-mask%3A%3Asecret'],
    ['maps/a #1.yaml', 'maps/a #1.yaml', 'maps/a #1.yaml'],
    ['レジ 🛒', 'レジ 🛒', 'レジ 🛒'],
    // Found by the fuzz tests: the job log draws ANSI colour, so ESC is made visible.
    ['\u001b[31mred\u0007', '␛[31mred␇', '␛[31mred␇'],
    ['a\tb\u202eevil', 'a b\ufffdevil', 'a b\ufffdevil'],
  ])('%j -> data %j, property %j', (input, data, property) => {
    expect(escapeCommandData(input)).toBe(data);
    expect(escapeCommandProperty(input)).toBe(property);
  });

  it('never leaves a raw line break, so one message is one command', () => {
    const hostile = 'a\r\n::warning::b\rc\n';
    expect(escapeCommandData(hostile)).not.toMatch(/[\r\n]/);
    expect(escapeCommandProperty(hostile)).not.toMatch(/[\r\n:,]/);
  });
});

describe('escapeMarkdownCell', () => {
  it.each([
    ['plain words', 'plain words'],
    ['a | b', 'a \\| b'],
    ['back\\slash', 'back\\\\slash'],
    ['back\\|pipe', 'back\\\\\\|pipe'],
    ['`code`', '\\`code\\`'],
    ['*bold* _it_ ~~s~~', '\\*bold\\* \\_it\\_ \\~\\~s\\~\\~'],
    ['[link](http://x)', '\\[link\\](http:&#8203;//x)'],
    ['![img](x.png)', '!\\[img\\](x.png)'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['Tom & Jerry &amp;', 'Tom &amp; Jerry &amp;amp;'],
    ['costs $5 or $6', 'costs &#36;5 or &#36;6'],
    ['ask @cx-team', 'ask @&#8203;cx-team'],
    ['me@example.com', 'me@&#8203;example.com'],
    ['see #42', 'see #&#8203;42'],
    ['# heading, #tag', '# heading, #tag'],
    ['www.example.com', 'www&#8203;.example.com'],
    ['line one\nline two\r\nthree\rfour', 'line one<br>line two<br>three<br>four'],
    ['"quotes" \'single\'', '"quotes" \'single\''],
    ['emoji 🎉 and 顧客', 'emoji 🎉 and 顧客'],
    ['bell\u0007 nul\u0000', 'bell\uFFFD nul\uFFFD'],
    // Found by the escaping audit (tests/escaping.test.ts): each one was a link or reference on GitHub.
    ['mail x@-evil.example', 'mail x@&#8203;-evil.example'],
    ['x@.evil.example', 'x@&#8203;.evil.example'],
    ['maps/_www.evil.example', 'maps/\\_www&#8203;.evil.example'],
    ['(www.evil.example)', '(www&#8203;.evil.example)'],
    ['fixes GH-45 and gh-7', 'fixes GH-&#8203;45 and gh-&#8203;7'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdownCell(input)).toBe(expected);
  });

  it('leaves no unescaped pipe, raw tag or line break', () => {
    const out = escapeMarkdownCell('a|b\n<img src=x onerror=alert(1)>|c\\|d');
    expect(out).not.toMatch(/(^|[^\\])(\\\\)*\|/);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out.replace(/<br>/g, '')).not.toMatch(/[<>]/);
  });
});

describe('escapeMarkdownHeading', () => {
  it.each([
    ['By channel #', 'By channel \\#'],
    ['trailing hashes ##', 'trailing hashes \\#\\#'],
    ['Bug #12 | a\nb', 'Bug \\#&#8203;12 \\| a b'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
  ])('%j -> %j: one line, and no `#` left to close the heading', (input, expected) => {
    expect(escapeMarkdownHeading(input)).toBe(expected);
  });
});

describe('escapeMarkdownHtml (raw HTML inside Markdown, such as a <summary> line)', () => {
  it.each([
    ['<b>x</b> & "q" \'s\'', '&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot; &#39;s&#39;'],
    ['bad @octocat #7.journey.yaml', 'bad @&#8203;octocat #&#8203;7.journey.yaml'],
    ['see http://evil.example and www.evil.example GH-1', 'see http:&#8203;//evil.example and www&#8203;.evil.example GH-&#8203;1'],
    ['a\n\n[x](http://evil.example)', 'a  [x](http:&#8203;//evil.example)'],
    ['*not* markdown | here $x$', '*not* markdown | here &#36;x&#36;'],
    ['bell\u0007', 'bell\uFFFD'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdownHtml(input)).toBe(expected);
  });
});

describe('XML escaping', () => {
  it('escapes the five special characters in text and attributes', () => {
    expect(escapeXmlText(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
    expect(escapeXmlAttribute(`"&'<>`)).toBe('&quot;&amp;&apos;&lt;&gt;');
  });

  it('keeps line breaks and tabs as character references where a parser would normalize them', () => {
    expect(escapeXmlText('a\r\nb\tc\nd')).toBe('a&#13;\nb\tc\nd');
    expect(escapeXmlAttribute('a\r\nb\tc')).toBe('a&#13;&#10;b&#9;c');
  });

  it.each([
    ['NUL', 'a\u0000b', 'ab'],
    ['ESC', '\u001b[31mred', '[31mred'],
    ['vertical tab and form feed', 'a\u000b\u000cb', 'ab'],
    ['DEL and C1 are allowed in XML 1.0', 'a\u007f\u0085b', 'a\u007f\u0085b'],
    ['a lone high surrogate', 'a\uD800b', 'ab'],
    ['a lone low surrogate', 'a\uDC00b', 'ab'],
    ['U+FFFE and U+FFFF', 'a\uFFFE\uFFFFb', 'ab'],
    ['a surrogate pair (emoji)', 'a🛒b', 'a🛒b'],
    ['CJK', '顧客体験', '顧客体験'],
    ['tab, LF, CR', '\t\n\r', '\t\n\r'],
  ])('drops what XML 1.0 cannot hold: %s', (_, input, expected) => {
    expect(stripInvalidXmlChars(input)).toBe(expected);
    const escaped = escapeXmlText(input);
    expect(stripInvalidXmlChars(escaped)).toBe(escaped);
  });
});

describe('escapeTerminal', () => {
  it('shows control characters as control pictures, one code unit for one', () => {
    const input = 'a\u001b[31mb\u0007c\rd\ne\tf\u007f\u009bg';
    const out = escapeTerminal(input);
    expect(out).toBe('a␛[31mb␇c␍d␊e f␡\uFFFDg');
    expect(out).toHaveLength(input.length);
  });

  it('neutralizes bidirectional overrides (Trojan Source)', () => {
    expect(escapeTerminal('admin\u202E\u2066 x \u2069')).toBe('admin\uFFFD\uFFFD x \uFFFD');
  });

  it('leaves printable text alone', () => {
    expect(escapeTerminal('レジ 🛒 "quotes" & <tags>')).toBe('レジ 🛒 "quotes" & <tags>');
  });
});
