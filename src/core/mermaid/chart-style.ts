/**
 * The colours of journeykit's xychart diagrams (the emotion curve, the report's trend by period),
 * the same in every Mermaid theme: each chart draws its own white background with dark text, so
 * its series keep their contrast whatever the page (the dark theme's page is #333), and no series
 * takes Mermaid's default first colour, a near-white lavender. Frontmatter config, which GitHub,
 * mermaid-cli and the report's runtime all read; no user text goes into it.
 */
export const CHART_COLOURS = {
  background: '#ffffff',
  text: '#1b1b1b',
  axis: '#595959',
  /** A series line: 6.4:1 on white, 5.5:1 on a band (WCAG asks 3:1 of graphics). */
  series: '#1f5fa8',
} as const;

/** The `themeVariables` block of an xychart's frontmatter, its series in `palette` order. */
export function xyChartThemeLines(palette: readonly string[]): string[] {
  const c = CHART_COLOURS;
  return [
    '  themeVariables:',
    '    xyChart:',
    `      backgroundColor: "${c.background}"`,
    `      titleColor: "${c.text}"`,
    `      xAxisLabelColor: "${c.text}"`,
    `      xAxisTitleColor: "${c.text}"`,
    `      xAxisTickColor: "${c.axis}"`,
    `      xAxisLineColor: "${c.axis}"`,
    `      yAxisLabelColor: "${c.text}"`,
    `      yAxisTitleColor: "${c.text}"`,
    `      yAxisTickColor: "${c.axis}"`,
    `      yAxisLineColor: "${c.axis}"`,
    `      legendTextColor: "${c.text}"`,
    `      plotColorPalette: "${palette.join(', ')}"`,
  ];
}

/** Frontmatter for a plain xychart with one series in the visible series colour (the report's trend). */
export const SERIES_CHART_FRONTMATTER: readonly string[] = ['---', 'config:', ...xyChartThemeLines([CHART_COLOURS.series]), '---'];
