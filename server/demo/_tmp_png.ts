import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { Store } from '../store/Store.ts';
import { seedDemoData } from './generate.ts';
import { buildCourts } from './courts.ts';
const store = await Store.open({ dataDir: ':memory:' });
await seedDemoData(store.db, { seed: 1, cases: 50000, today: '2026-03-15', hashPassword: async (p) => p,
  assess: (f) => ({ colour: f.length ? 'red' : 'green', reasons: [] }), stageDueOn: () => null });
const W = 1400, H = 1400, minX = 118.0, maxX = 123.0, minY = 27.0, maxY = 31.3;
const img = new Uint8Array(W * H * 3).fill(255);
const px = (x: number, y: number, r: number, g: number, b: number) => { const i = Math.round((x - minX) / (maxX - minX) * (W - 1)), j = Math.round((maxY - y) / (maxY - minY) * (H - 1)); if (i < 0 || j < 0 || i >= W || j >= H) return; const o = (j * W + i) * 3; img[o] = r; img[o + 1] = g; img[o + 2] = b; };
const rows = (await sql<{ lng: number; lat: number; closed_on: string | null }>`select lng, lat, closed_on from cases`.execute(store.db)).rows;
for (const r of rows) r.closed_on ? px(r.lng, r.lat, 170, 170, 230) : px(r.lng, r.lat, 220, 0, 0);
for (const c of buildCourts()) if (c.polygon) { const p = c.polygon; for (let k = 0; k < p.length - 1; k++) { const [x0, y0] = p[k]!, [x1, y1] = p[k + 1]!; for (let t = 0; t <= 1; t += 0.02) px(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, 0, 0, 0); } }
const teams = (await sql<{ last_lng: number; last_lat: number }>`select last_lng, last_lat from teams`.execute(store.db)).rows;
for (const t of teams) for (let d = -2; d <= 2; d++) { px(t.last_lng + d * 0.003, t.last_lat, 0, 150, 0); px(t.last_lng, t.last_lat + d * 0.003, 0, 150, 0); }
const raw = Buffer.alloc((W * 3 + 1) * H); for (let j = 0; j < H; j++) { raw[j * (W * 3 + 1)] = 0; Buffer.from(img.buffer, j * W * 3, W * 3).copy(raw, j * (W * 3 + 1) + 1); }
const crc = (b: Buffer) => { let c = ~0; for (const x of b) { c ^= x; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); } return ~c >>> 0; };
const chunk = (t: string, d: Buffer) => { const l = Buffer.alloc(4); l.writeUInt32BE(d.length); const td = Buffer.concat([Buffer.from(t), d]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([l, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 2;
writeFileSync('/tmp/map.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
await store.close();
