// The media bench's time code: the wall-clock millisecond a frame was drawn, as 48 black and white
// blocks in two rows of 24 (42 bits of Date.now() and a 6-bit check), drawn into the published
// picture and read back from a decoded one. The blocks are sized as fractions of the frame, so they
// read the same at every simulcast layer: 48 px square at 1280×720, 12 px at the 320×180 low layer.

const COLS = 24;
const ROWS = 2;
const TIME_BITS = 42;
const CHECK_BITS = 6;
/** Left edge and block width as fractions of the frame's width; top edge as a fraction of its height. */
const LEFT = 0.05;
const BLOCK = 0.9 / COLS;
const TOP = 0.06;

/** The 48 bits of `ms`: 42 bits of the time, lowest first, then the check. */
export function codeBits(ms: number): number[] {
  const bits: number[] = [];
  for (let i = 0; i < TIME_BITS; i++) bits.push(Math.floor(ms / 2 ** i) % 2);
  const check = checkOf(bits);
  for (let i = 0; i < CHECK_BITS; i++) bits.push((check >> i) & 1);
  return bits;
}

/** Sum of the time's 6-bit groups, modulo 64: a misread block shows as a wrong check. */
function checkOf(timeBits: readonly number[]): number {
  let sum = 0;
  for (let g = 0; g < TIME_BITS; g += CHECK_BITS) {
    let v = 0;
    for (let i = 0; i < CHECK_BITS; i++) v |= (timeBits[g + i] ?? 0) << i;
    sum += v;
  }
  return sum & 63;
}

/** Where block `k` lies in a `w`×`h` frame (square in pixels). */
function blockRect(k: number, w: number, h: number): { x: number; y: number; size: number } {
  const size = BLOCK * w;
  return { x: LEFT * w + (k % COLS) * size, y: TOP * h + Math.floor(k / COLS) * size, size };
}

/** Draws the code of `ms` (1 black, 0 white) and the same time as text below it, for a person. */
export function drawTimeCode(ctx: CanvasRenderingContext2D, w: number, h: number, ms: number): void {
  const bits = codeBits(ms);
  bits.forEach((bit, k) => {
    const r = blockRect(k, w, h);
    ctx.fillStyle = bit ? '#000' : '#fff';
    ctx.fillRect(r.x, r.y, r.size, r.size);
  });
  const below = blockRect(COLS * ROWS, w, h).y + 0.08 * h;
  ctx.fillStyle = '#fff';
  ctx.font = `${Math.round(h / 12)}px monospace`;
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  ctx.fillText(`${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`, LEFT * w, below);
}

/**
 * The millisecond coded in an RGBA frame of `w`×`h`, or null when a block reads wrong (the check fails):
 * each block's centre third is averaged and taken as black below mid-grey.
 */
export function readTimeCode(rgba: Uint8ClampedArray, w: number, h: number): number | null {
  const bits: number[] = [];
  for (let k = 0; k < COLS * ROWS; k++) {
    const r = blockRect(k, w, h);
    const third = Math.max(1, Math.floor(r.size / 3));
    const x0 = Math.floor(r.x + third);
    const y0 = Math.floor(r.y + third);
    let sum = 0;
    let n = 0;
    for (let y = y0; y < y0 + third && y < h; y++) {
      for (let x = x0; x < x0 + third && x < w; x++) {
        const i = (y * w + x) * 4;
        sum += (rgba[i] ?? 0) + (rgba[i + 1] ?? 0) + (rgba[i + 2] ?? 0);
        n++;
      }
    }
    bits.push(n > 0 && sum / (3 * n) < 128 ? 1 : 0);
  }
  let ms = 0;
  for (let i = 0; i < TIME_BITS; i++) ms += (bits[i] ?? 0) * 2 ** i;
  let check = 0;
  for (let i = 0; i < CHECK_BITS; i++) check |= (bits[TIME_BITS + i] ?? 0) << i;
  return check === checkOf(bits.slice(0, TIME_BITS)) ? ms : null;
}

/** The region of a `w`×`h` frame the code occupies (what a reader needs to copy out). */
export function codeRegion(w: number, h: number): { x: number; y: number; width: number; height: number } {
  const first = blockRect(0, w, h);
  return { x: 0, y: 0, width: Math.min(w, Math.ceil(first.x + COLS * first.size)), height: Math.min(h, Math.ceil(first.y + ROWS * first.size)) };
}
