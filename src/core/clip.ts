/**
 * User text quoted in a message, cut to `max` characters with an ellipsis when longer. Counted in
 * code points, so an emoji or a CJK supplement character is never split into half a surrogate
 * pair; the cut is visible, so a reader knows the value goes on.
 */
export function clip(text: string, max: number): string {
  // Cheap exit for the common case: no more UTF-16 units than allowed code points.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
