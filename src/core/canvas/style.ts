/**
 * The canvas' stylesheet. Colours are custom properties set per theme, so a `--css` file can
 * restyle the canvas by overriding them (docs/canvas.md lists them). Every text colour passes WCAG
 * AA (4.5:1) on the background it sits on, and every line or marker 3:1 (tested in Chromium on
 * the drawn page). Valence and status never rest on colour alone: markers differ in shape, and
 * statuses are written out.
 */
export type CanvasTheme = 'default' | 'neutral' | 'dark';
export const CANVAS_THEME_NAMES: readonly CanvasTheme[] = ['default', 'neutral', 'dark'];

/** Each theme's page colour, for the printed page's margins (`@page`), which no element covers. */
export const THEME_BACKGROUND: Readonly<Record<CanvasTheme, string>> = { default: '#ffffff', neutral: '#ffffff', dark: '#0d1117' };

export const CANVAS_THEMES: Readonly<Record<CanvasTheme, string>> = {
  // Okabe-Ito colours for the curve (bluish green up, vermilion down): told apart with the
  // common colour-vision deficiencies.
  default: `.jk-page, .jk-canvas {
  --jk-bg: #ffffff; --jk-text: #1f2328; --jk-muted: #57606a; --jk-rule: #8c959f; --jk-grid: #d0d7de;
  --jk-head-bg: #f6f8fa; --jk-stage-bg: #24292f; --jk-stage-text: #ffffff; --jk-tp-bg: #eaeef2;
  --jk-pain-bg: #fff1eb; --jk-pain-edge: #c2410c; --jk-opp-bg: #e9f7f1; --jk-opp-edge: #047857;
  --jk-kpi-bg: #eef4fb; --jk-kpi-edge: #1d4ed8; --jk-persona-bg: #f6f8fa;
  --jk-met: #116329; --jk-watch: #7d4e00; --jk-breach: #b42318; --jk-insufficient: #57606a;
  --jk-positive: #009e73; --jk-negative: #d55e00; --jk-neutral: #6e7781; --jk-line: #424a53; --jk-survey: #0072b2;
  --jk-tag-bg: #eaeef2; --jk-font: "jk-emoji", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic", "Noto Sans Hebrew", sans-serif, "Noto Color Emoji";
}`,
  // Greys and one accent, for print on office printers.
  neutral: `.jk-page, .jk-canvas {
  --jk-bg: #ffffff; --jk-text: #111111; --jk-muted: #4d4d4d; --jk-rule: #767676; --jk-grid: #cccccc;
  --jk-head-bg: #f2f2f2; --jk-stage-bg: #333333; --jk-stage-text: #ffffff; --jk-tp-bg: #e6e6e6;
  --jk-pain-bg: #f7f7f7; --jk-pain-edge: #333333; --jk-opp-bg: #f7f7f7; --jk-opp-edge: #767676;
  --jk-kpi-bg: #f7f7f7; --jk-kpi-edge: #4d4d4d; --jk-persona-bg: #f2f2f2;
  --jk-met: #111111; --jk-watch: #111111; --jk-breach: #111111; --jk-insufficient: #4d4d4d;
  --jk-positive: #333333; --jk-negative: #333333; --jk-neutral: #767676; --jk-line: #111111; --jk-survey: #595959;
  --jk-tag-bg: #e6e6e6; --jk-font: "jk-emoji", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic", "Noto Sans Hebrew", sans-serif, "Noto Color Emoji";
}`,
  dark: `.jk-page, .jk-canvas {
  --jk-bg: #0d1117; --jk-text: #e6edf3; --jk-muted: #9198a1; --jk-rule: #7d8590; --jk-grid: #30363d;
  --jk-head-bg: #161b22; --jk-stage-bg: #e6edf3; --jk-stage-text: #0d1117; --jk-tp-bg: #21262d;
  --jk-pain-bg: #2d1a12; --jk-pain-edge: #f0883e; --jk-opp-bg: #10271f; --jk-opp-edge: #3fb950;
  --jk-kpi-bg: #121d2f; --jk-kpi-edge: #58a6ff; --jk-persona-bg: #161b22;
  --jk-met: #56d364; --jk-watch: #e3b341; --jk-breach: #ff7b72; --jk-insufficient: #9198a1;
  --jk-positive: #3fb950; --jk-negative: #f0883e; --jk-neutral: #9198a1; --jk-line: #c9d1d9; --jk-survey: #58a6ff;
  --jk-tag-bg: #30363d; --jk-font: "jk-emoji", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic", "Noto Sans Hebrew", sans-serif, "Noto Color Emoji";
}`,
};

export const CANVAS_STYLE = `
/* Emoji from a colour emoji font: the text fonts first in the stack (DejaVu Sans, the usual Linux
   system-ui) have outline glyphs for some emoji (U+1F600...), which would win. Only emoji ranges,
   so digits, # and * stay in the text font; local() fonts only, nothing is fetched. */
@font-face { font-family: "jk-emoji"; src: local("Noto Color Emoji"), local("Apple Color Emoji"), local("Segoe UI Emoji"); unicode-range: U+1F000-1FAFF, U+2300-23FF, U+2600-27BF, U+2B00-2BFF, U+FE0F, U+200D; }
body.jk-page { margin: 0; background: var(--jk-bg, #fff); }
.jk-canvas { font: 13px/1.4 var(--jk-font); color: var(--jk-text); background: var(--jk-bg); padding: 16px; width: max-content; box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.jk-canvas *, .jk-canvas *::before, .jk-canvas *::after { box-sizing: border-box; }
/*
 * Resets at the lowest specificity (:where), so that every rule below, and a --css stylesheet's
 * plain class rules (.jk-stage { ... }), win over them.
 */
:where(.jk-canvas) :where(p, ul, h1, h2, h3) { margin: 0; padding: 0; border: 0; font-size: inherit; line-height: inherit; }
:where(.jk-canvas) ul { padding-inline-start: 16px; }
.jk-canvas [dir="auto"], .jk-canvas li { unicode-bidi: plaintext; }
.jk-header { max-width: 1400px; margin-bottom: 14px; }
.jk-title { font-size: 22px; line-height: 1.25; font-weight: 700; overflow-wrap: anywhere; }
.jk-meta { color: var(--jk-muted); margin-top: 4px; }
.jk-state { font-weight: 600; color: var(--jk-text); }
.jk-scope { margin-top: 6px; max-width: 80ch; white-space: pre-line; overflow-wrap: anywhere; }
.jk-personas { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 10px; }
.jk-card--persona { background: var(--jk-persona-bg); border: 1px solid var(--jk-grid); border-radius: 6px; padding: 8px 10px; width: 300px; break-inside: avoid; }
.jk-persona__name { font-size: 15px; font-weight: 700; overflow-wrap: anywhere; }
.jk-persona__description { margin-top: 2px; white-space: pre-line; overflow-wrap: anywhere; }
.jk-persona__heading { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--jk-muted); margin-top: 6px; }
.jk-persona__list, .jk-steps { padding-inline-start: 16px; }
.jk-persona__list li, .jk-steps li { overflow-wrap: anywhere; }
table.jk-grid { display: table; max-width: none; overflow: visible; border-collapse: separate; border-spacing: 0; table-layout: fixed; margin: 12px 0 0; font-size: inherit; }
.jk-grid--continued { break-before: page; }
:where(.jk-grid) :where(th, td) { border: 0; background: transparent; padding: 6px; vertical-align: top; text-align: start; border-bottom: 1px solid var(--jk-grid); border-right: 1px solid var(--jk-grid); overflow-wrap: anywhere; }
:where(.jk-grid tr) > :where(:first-child) { border-left: 1px solid var(--jk-grid); }
:where(.jk-grid thead tr:first-child) > * { border-top: 1px solid var(--jk-grid); }
.jk-lane__title { background: var(--jk-head-bg); font-weight: 700; font-size: 12px; color: var(--jk-text); }
.jk-stage { background: var(--jk-stage-bg); color: var(--jk-stage-text); font-size: 14px; font-weight: 700; }
.jk-stage__number { display: inline-block; min-width: 1.6em; padding: 0 4px; border: 1px solid currentColor; border-radius: 9px; text-align: center; font-size: 12px; }
.jk-continued { font-weight: 400; font-size: 12px; }
.jk-touchpoint { background: var(--jk-tp-bg); font-weight: 600; }
.jk-star { color: var(--jk-text); }
.jk-muted { color: var(--jk-muted); font-weight: 400; }
.jk-goal, .jk-action { white-space: pre-line; }
.jk-channel { display: inline-block; border: 1px solid var(--jk-rule); border-radius: 10px; padding: 0 8px; }
.jk-moment { font-weight: 600; }
.jk-tag { display: inline-block; background: var(--jk-tag-bg); color: var(--jk-text); border-radius: 4px; padding: 0 4px; font-size: 12px; font-weight: 400; }
.jk-card { border-radius: 4px; padding: 5px 7px; break-inside: avoid; }
.jk-cell > .jk-card + .jk-card { margin-top: 6px; }
.jk-card__text { white-space: pre-line; }
.jk-card__meta { color: var(--jk-text); font-size: 12px; margin-top: 3px; }
.jk-card--pain-point { background: var(--jk-pain-bg); border-inline-start: 4px solid var(--jk-pain-edge); }
.jk-card--opportunity { background: var(--jk-opp-bg); border-inline-start: 4px solid var(--jk-opp-edge); }
.jk-card--kpi { background: var(--jk-kpi-bg); border-inline-start: 4px solid var(--jk-kpi-edge); }
.jk-rating, .jk-quadrant, .jk-kind { white-space: nowrap; }
.jk-kpi__metric { font-weight: 700; }
.jk-kpi__value { font-size: 16px; font-weight: 700; }
.jk-kpi__n { font-size: 12px; font-weight: 400; }
.jk-kpi__status { font-weight: 700; }
.jk-kpi--met .jk-kpi__status { color: var(--jk-met); }
.jk-kpi--watch .jk-kpi__status { color: var(--jk-watch); }
.jk-kpi--breach .jk-kpi__status { color: var(--jk-breach); }
.jk-kpi--insufficient .jk-kpi__status, .jk-kpi--no-data .jk-kpi__status { color: var(--jk-insufficient); }
.jk-chart-cell { padding: 0; }
.jk-chart { display: block; }
.jk-chart__guide { stroke: var(--jk-grid); stroke-width: 1; }
.jk-chart__bound { stroke: var(--jk-grid); stroke-width: 1; }
.jk-chart__zero { stroke: var(--jk-rule); stroke-width: 1.5; stroke-dasharray: 6 4; }
.jk-chart__line { fill: none; stroke: var(--jk-line); stroke-width: 2.5; stroke-linejoin: round; }
.jk-chart--survey .jk-chart__line { stroke: var(--jk-survey); stroke-dasharray: 7 4; }
.jk-chart__label { fill: var(--jk-text); font: 600 12px var(--jk-font); paint-order: stroke; stroke: var(--jk-bg); stroke-width: 3px; }
.jk-marker--positive { fill: var(--jk-positive); }
.jk-marker--negative { fill: var(--jk-negative); }
.jk-marker--neutral { fill: var(--jk-neutral); }
.jk-marker--survey { fill: var(--jk-survey); }
.jk-line > td { padding: 0; border-right: 0; border-bottom: 0; position: relative; height: 24px; }
.jk-line td::before { content: ""; position: absolute; left: 0; right: 0; top: 50%; border-top: 2px dashed var(--jk-rule); }
.jk-line__label { position: relative; display: inline-block; margin-inline-start: 6px; margin-top: 3px; background: var(--jk-bg); color: var(--jk-text); padding: 0 6px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
.jk-lane, .jk-line { break-inside: avoid; }
.jk-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media print {
  body.jk-page { background: var(--jk-bg, #fff); }
  .jk-canvas { width: auto; padding: 0; }
}
`;
