import { RISK_COLOURS } from '../../../protocol/domain.ts';
import { allPieKeys, PIE_UNITS } from './clusters.ts';
import { RISK_RGBA } from './palette.ts';

// Every pie a cluster can show (its 红黄蓝绿 shares in twelfths: 441 pies of two colours or more),
// drawn once on a canvas that deck.gl's IconLayer uses as its atlas. Pies are then sized in screen
// pixels by the GPU: zooming never rebuilds a polygon, and 40,000 clusters cost one attribute pass.

/** Pixels of one pie in the atlas (drawn at up to 30 px radius on screen: a little supersampled). */
const CELL = 64;

export interface IconFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  mask: false;
}

export interface PieAtlas {
  atlas: HTMLCanvasElement;
  mapping: Record<string, IconFrame>;
}

let built: PieAtlas | null = null;

/** The pie atlas, drawn on first use (browser only). */
export function pieAtlas(): PieAtlas {
  if (built) return built;
  const keys = allPieKeys();
  const columns = Math.ceil(Math.sqrt(keys.length));
  const canvas = document.createElement('canvas');
  canvas.width = columns * CELL;
  canvas.height = Math.ceil(keys.length / columns) * CELL;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the pie atlas');
  const mapping: Record<string, IconFrame> = {};
  keys.forEach((key, i) => {
    const x = (i % columns) * CELL;
    const y = Math.floor(i / columns) * CELL;
    mapping[key] = { x, y, width: CELL, height: CELL, mask: false };
    const cx = x + CELL / 2;
    const cy = y + CELL / 2;
    const r = CELL / 2 - 1;
    // 红 from twelve o'clock, clockwise, as the legend reads.
    let start = -Math.PI / 2;
    key.split('-').forEach((units, k) => {
      const sweep = (Number(units) / PIE_UNITS) * 2 * Math.PI;
      if (sweep === 0) return;
      const [red, green, blue] = RISK_RGBA[RISK_COLOURS[k]!];
      ctx.fillStyle = `rgb(${red}, ${green}, ${blue})`;
      ctx.beginPath();
      ctx.moveTo(cx, cy);
      ctx.arc(cx, cy, r, start, start + sweep);
      ctx.closePath();
      ctx.fill();
      start += sweep;
    });
  });
  built = { atlas: canvas, mapping };
  return built;
}
