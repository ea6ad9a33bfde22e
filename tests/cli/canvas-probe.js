/* global document, getComputedStyle, NodeFilter, Node, Image */
/**
 * Measurements of a drawn canvas page, run inside Chromium by tests/cli/canvas-browser.test.ts
 * (the source is read and evaluated in the page, so it is plain JavaScript with no imports).
 * Every function returns plain data: positions, and lists of problems in words a reader of a
 * failing test understands.
 */
globalThis.jkProbe = (() => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
  };
  const hidden = (element) => element.closest('.jk-visually-hidden, title, style, script, head') !== null;
  const describe = (element) => {
    const hooks = ['data-lane', 'data-stage', 'data-touchpoint', 'data-pain-point', 'data-opportunity', 'data-kpi', 'data-persona']
      .map((name) => element.closest(`[${name}]`)?.getAttribute(name))
      .filter((v) => v !== undefined && v !== null);
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}"> [${hooks.join(' / ')}] "${text}"`;
  };
  const textNodes = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.trim() !== '' && !hidden(node.parentElement)) nodes.push(node);
    }
    return nodes;
  };
  const textRects = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  };
  const inside = (inner, outer, slack = 1) =>
    inner.left >= outer.left - slack && inner.right <= outer.right + slack && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;

  /** Stage and touchpoint header cells of each table, left to right as drawn. */
  function layout() {
    return [...document.querySelectorAll('table.jk-grid')].map((table) => ({
      width: box(table).width,
      stages: [...table.querySelectorAll('tr.jk-stages th[data-stage]')].map((th) => ({ id: th.getAttribute('data-stage'), ...box(th) })),
      touchpoints: [...table.querySelectorAll('tr.jk-touchpoints th[data-stage]')].map((th) => ({
        id: th.getAttribute('data-touchpoint'),
        stage: th.getAttribute('data-stage'),
        ...box(th),
      })),
      lanes: [...table.querySelectorAll('tr[data-lane]')].map((tr) => tr.getAttribute('data-lane')),
    }));
  }

  /** Text that does not fit its box: overflowing elements, overlapping cards, text outside its card or cell. */
  function overflow() {
    const problems = [];
    const boxes = document.querySelectorAll(
      '.jk-canvas .jk-card, .jk-canvas td, .jk-canvas th, .jk-canvas p, .jk-canvas li, .jk-canvas ul, .jk-canvas h1, .jk-canvas h2, .jk-canvas h3, .jk-canvas span',
    );
    let checked = 0;
    for (const element of boxes) {
      if (hidden(element) || getComputedStyle(element).display === 'inline') continue;
      checked++;
      if (element.scrollWidth > element.clientWidth + 1) problems.push(`${describe(element)} is ${element.scrollWidth}px wide inside ${element.clientWidth}px`);
      if (element.scrollHeight > element.clientHeight + 1) problems.push(`${describe(element)} is ${element.scrollHeight}px high inside ${element.clientHeight}px`);
    }
    // Sibling cards never overlap.
    const parents = new Set([...document.querySelectorAll('.jk-card')].map((card) => card.parentElement));
    for (const parent of parents) {
      const cards = [...parent.children].filter((c) => c.classList.contains('jk-card'));
      for (let i = 0; i < cards.length; i++) {
        for (let j = i + 1; j < cards.length; j++) {
          const a = box(cards[i]);
          const b = box(cards[j]);
          const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (overlapX > 0.5 && overlapY > 0.5) problems.push(`${describe(cards[i])} overlaps ${describe(cards[j])}`);
        }
      }
    }
    // Every line of text stays inside its card, and inside its table cell.
    let lines = 0;
    for (const node of textNodes(document.querySelector('.jk-canvas'))) {
      const parent = node.parentElement;
      if (parent.closest('svg')) continue;
      const containers = [parent.closest('.jk-card'), parent.closest('td, th')].filter((c) => c !== null);
      for (const rect of textRects(node)) {
        lines++;
        for (const container of containers) {
          if (!inside(rect, box(container))) problems.push(`text "${node.textContent.trim().slice(0, 40)}" runs outside ${describe(container)}`);
        }
      }
    }
    // Chart labels stay inside their chart and clear of each other.
    for (const svg of document.querySelectorAll('svg.jk-chart')) {
      const chart = box(svg);
      const labels = [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, ...box(t) }));
      for (const label of labels) {
        if (!inside(label, chart)) problems.push(`chart label "${label.text}" runs outside its chart`);
      }
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const a = labels[i];
          const b = labels[j];
          if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5) {
            problems.push(`chart labels "${a.text}" and "${b.text}" overlap`);
          }
        }
      }
    }
    return { checked, lines, problems };
  }

  /** The emotion points as drawn: value, touchpoint, marker centre; and the curve's segments. */
  function emotion() {
    const points = [...document.querySelectorAll('[data-emotion][data-touchpoint]')].map((g) => {
      const marker = box(g.querySelector('.jk-marker'));
      const chart = box(g.ownerSVGElement);
      return {
        touchpoint: g.getAttribute('data-touchpoint'),
        value: Number(g.getAttribute('data-emotion')),
        x: (marker.left + marker.right) / 2,
        y: (marker.top + marker.bottom) / 2,
        chartTop: chart.top,
      };
    });
    // The line's segments in page coordinates (the chart is drawn at its own size: 1 unit = 1px).
    const segments = [];
    for (const path of document.querySelectorAll('.jk-chart--emotion .jk-chart__line')) {
      const svg = box(path.ownerSVGElement);
      const commands = [...path.getAttribute('d').matchAll(/([ML])\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)];
      let previous;
      for (const [, command, x, y] of commands) {
        const point = { x: svg.left + Number(x), y: svg.top + Number(y) };
        if (command === 'L' && previous) segments.push({ from: previous, to: point });
        previous = point;
      }
    }
    return { points, segments };
  }

  const parse = (color) => {
    const m = /rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\)/.exec(color);
    if (!m) return undefined;
    let alpha = m[4] === undefined ? 1 : Number.parseFloat(m[4]);
    if (m[4]?.endsWith('%')) alpha /= 100;
    return [Number(m[1]), Number(m[2]), Number(m[3]), alpha];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  /** The background a box is drawn on: its own and its ancestors' background colours, composited down to the first opaque one. */
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const color = parse(getComputedStyle(e).backgroundColor);
      if (color && color[3] > 0) {
        layers.push(color);
        if (color[3] >= 1) break;
      }
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const hex = (c) =>
    `#${c
      .slice(0, 3)
      .map((v) => Math.round(v).toString(16).padStart(2, '0'))
      .join('')}`;

  /** WCAG AA: every piece of text 4.5:1 (large text 3:1), every marker and curve line 3:1, against what it is drawn on. */
  function contrast() {
    const failures = [];
    let texts = 0;
    let graphics = 0;
    for (const element of document.querySelectorAll('.jk-canvas *')) {
      if (hidden(element)) continue;
      const direct = [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
      if (!direct) continue;
      const r = box(element);
      const style = getComputedStyle(element);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
      const svgText = element.namespaceURI === 'http://www.w3.org/2000/svg';
      const bg = background(svgText ? element.ownerSVGElement : element);
      const ink = parse(svgText ? style.fill : style.color);
      if (!ink) {
        failures.push(`${describe(element)}: cannot read its colour '${svgText ? style.fill : style.color}'`);
        continue;
      }
      const fg = over(ink, bg);
      const size = Number.parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      const got = ratio(fg, bg);
      texts++;
      if (got < needed) failures.push(`${describe(element)}: ${hex(fg)} on ${hex(bg)} is ${got.toFixed(2)}:1, needs ${needed}:1`);
    }
    for (const element of document.querySelectorAll('.jk-marker, .jk-chart__line, .jk-chart__zero')) {
      const style = getComputedStyle(element);
      const paint = element.classList.contains('jk-marker') ? style.fill : style.stroke;
      const ink = parse(paint);
      const bg = background(element.ownerSVGElement);
      graphics++;
      if (!ink) {
        failures.push(`${describe(element)}: cannot read its paint '${paint}'`);
        continue;
      }
      const got = ratio(over(ink, bg), bg);
      if (got < 3) failures.push(`${describe(element)}: ${hex(ink)} on ${hex(bg)} is ${got.toFixed(2)}:1, needs 3:1`);
    }
    return { texts, graphics, failures };
  }

  /** Draws an image (a data: URL) on a canvas and reports its size and how much of it is not the corner colour. */
  async function picture(url) {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    // On white, as a slide or a document would show it (the SVG's unpainted margin is transparent).
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const at = (x, y) => data.slice((y * canvas.width + x) * 4, (y * canvas.width + x) * 4 + 4);
    const corner = at(0, 0);
    const differs = (x, y) => {
      const p = at(x, y);
      return Math.abs(p[0] - corner[0]) + Math.abs(p[1] - corner[1]) + Math.abs(p[2] - corner[2]) > 60;
    };
    let inked = 0;
    for (let y = 0; y < canvas.height; y += 2) for (let x = 0; x < canvas.width; x += 2) if (differs(x, y)) inked++;
    // Anything drawn on the last rows or columns means the picture is cut off there.
    let edge = 0;
    for (let x = 0; x < canvas.width; x++) for (let y = canvas.height - 4; y < canvas.height; y++) if (differs(x, y)) edge++;
    for (let y = 0; y < canvas.height; y++) for (let x = canvas.width - 2; x < canvas.width; x++) if (differs(x, y)) edge++;
    return { width: canvas.width, height: canvas.height, inkedShare: inked / Math.ceil(canvas.width / 2) / Math.ceil(canvas.height / 2), edge };
  }

  /** The colour (r, g, b) of an image (a data: URL) at each point. */
  async function pixels(url, points) {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    return points.map(([x, y]) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)]);
  }

  /** What the page could run or fetch: scripts, event-handler attributes, URLs that leave the page. */
  function active() {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
      const tag = element.tagName.toLowerCase();
      if (['script', 'iframe', 'object', 'embed', 'img', 'link', 'base', 'form'].includes(tag)) found.push(`<${tag}> element`);
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${attribute.name} attribute on <${tag}>`);
        if (/^(src|href|xlink:href|action|formaction|data|poster|srcset)$/i.test(attribute.name) && !/^(#|data:)/.test(attribute.value))
          found.push(`${attribute.name}="${attribute.value}" on <${tag}>`);
        if (/url\(/i.test(attribute.value) && /url\(\s*['"]?\s*(https?:|\/\/)/i.test(attribute.value)) found.push(`url() in ${attribute.name} on <${tag}>`);
      }
    }
    for (const style of document.querySelectorAll('style')) {
      if (/url\(\s*['"]?\s*(https?:|\/\/)/i.test(style.textContent) || /@import/i.test(style.textContent)) found.push('a URL in a stylesheet');
    }
    return found;
  }

  return { layout, overflow, emotion, contrast, picture, pixels, active };
})();
