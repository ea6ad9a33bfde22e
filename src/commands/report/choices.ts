/** The choices of `journey report`, shared by its spec and its implementation. */
export const REPORT_FORMATS = ['markdown', 'html'] as const;
export const REPORT_IMAGES = ['none', 'svg', 'png'] as const;
