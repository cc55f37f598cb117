// Labels that would overlap on screen: the most important one stays, the others wait for a closer
// zoom. Greedy by priority over screen boxes; a province's hundred courts take well under a millisecond.

/** A label to place: where its anchor falls on screen (px) and how big its box is. */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
  priority: number;
}

/** The indexes of the labels kept, highest priority first; a kept label's box overlaps no other kept one (plus `gap` px). */
export function declutter(labels: readonly LabelBox[], gap = 4): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => labels[b]!.priority - labels[a]!.priority);
  const kept: number[] = [];
  for (const i of order) {
    const a = labels[i]!;
    const clear = kept.every((j) => {
      const b = labels[j]!;
      return Math.abs(a.x - b.x) * 2 >= a.width + b.width + gap * 2 || Math.abs(a.y - b.y) * 2 >= a.height + b.height + gap * 2;
    });
    if (clear) kept.push(i);
  }
  return kept;
}

/** The box a two-line court label takes at 12 px: CJK glyphs about a font size wide, digits half. */
export function courtLabelSize(label: string, fontPx = 12): { width: number; height: number } {
  const lines = label.split('\n');
  const width = Math.max(...lines.map((l) => [...l].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? fontPx : fontPx * 0.6), 0)));
  return { width: width + 10, height: lines.length * fontPx * 1.25 + 6 };
}
