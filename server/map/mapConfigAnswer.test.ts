import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { DEMO_MAP_FILES } from '../../protocol/map.ts';
import { mapConfigAnswer } from './plugin.ts';

describe('mapConfigAnswer()', () => {
  test('mapConfigAnswer() answers the schematic WGS-84 demo without map.style or map.tiles', () => {
    const a = mapConfigAnswer({ style: null, tiles: null, datum: 'WGS-84' });
    assert.equal(a.source, 'demo');
    assert.equal(a.schematic, true);
    assert.deepEqual(a.demo, DEMO_MAP_FILES);
  });

  test('mapConfigAnswer() serves a local archive under /api/map/files/ and passes an intranet template or archive URL on', () => {
    assert.deepEqual(mapConfigAnswer({ style: null, tiles: '/srv/map/zj.pmtiles', datum: 'GCJ-02' }), {
      source: 'tiles', schematic: false, datum: 'GCJ-02', styleUrl: null, tiles: { format: 'pmtiles', url: '/api/map/files/zj.pmtiles' }, demo: null, bounds: null,
    });
    assert.deepEqual(mapConfigAnswer({ style: null, tiles: 'http://10.1.1.1/t/{z}/{x}/{y}.png', datum: 'WGS-84' }).tiles, { format: 'xyz', url: 'http://10.1.1.1/t/{z}/{x}/{y}.png' });
    assert.deepEqual(mapConfigAnswer({ style: null, tiles: 'http://10.1.1.1/zj.pmtiles', datum: 'WGS-84' }).tiles, { format: 'pmtiles', url: 'http://10.1.1.1/zj.pmtiles' });
  });

  test('mapConfigAnswer() answers a style first, with the tiles beside it', () => {
    const a = mapConfigAnswer({ style: '/srv/map/style.json', tiles: '/srv/map/zj.pmtiles', datum: 'WGS-84' });
    assert.equal(a.source, 'style');
    assert.equal(a.styleUrl, '/api/map/style.json');
    assert.equal(a.tiles?.url, '/api/map/files/zj.pmtiles');
  });
});
