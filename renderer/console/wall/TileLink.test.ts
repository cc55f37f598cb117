import assert from 'node:assert/strict';
import { test } from 'vitest';
import { layerForSize } from './TileLink.ts';

test('layerForSize() fits the 16:9 picture into the tile and picks 180p, 360p or 720p by its device rows', () => {
  // A tile of a 4-tile wall beside the map: 180p.
  assert.equal(layerForSize(300, 170, 1), 0);
  // Tall and narrow: the picture is as high as the width allows (300 × 9/16 = 169 rows).
  assert.equal(layerForSize(300, 900, 1), 0);
  // The same tile on a 2× screen needs twice the rows.
  assert.equal(layerForSize(300, 170, 2), 1);
  assert.equal(layerForSize(640, 360, 1), 1);
  assert.equal(layerForSize(1280, 720, 1), 2);
  assert.equal(layerForSize(427, 240, 1), 0);
  assert.equal(layerForSize(428, 241, 1), 1);
});
