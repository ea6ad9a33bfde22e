/** The choices of `journey render`, shared by its spec and its implementation. */
export const CANVAS_VIEW = 'canvas';
export const RENDER_FORMATS = ['mmd', 'html', 'svg', 'png', 'pdf'] as const;
export const PAGE_SIZES = ['a3', 'a4'] as const;
