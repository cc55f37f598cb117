import assert from 'node:assert/strict';
import { test } from 'vitest';
import { compileChecker } from '../protocol/check.ts';
import { PHOTO_MAX_BYTES, PhotoDataUrl } from '../protocol/instruction.ts';
import { BadMessageError } from './errors.ts';
import { checkPhoto } from './photo.ts';

const isPhoto = compileChecker(PhotoDataUrl);
const jpeg = (size: number) => {
  const b = Buffer.alloc(size, 0x11);
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  return `data:image/jpeg;base64,${b.toString('base64')}`;
};
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function badMessage(fn: () => void): BadMessageError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof BadMessageError, String(err));
    return err;
  }
  assert.fail('expected BadMessageError');
}

test('checkPhoto() accepts a JPEG of exactly 600 KB, which the schema also admits', () => {
  const url = jpeg(PHOTO_MAX_BYTES);
  assert.equal(isPhoto(url), true);
  checkPhoto(url);
});

test('checkPhoto() accepts a PNG', () => {
  checkPhoto(`data:image/png;base64,${png.toString('base64')}`);
});

test('the PhotoDataUrl schema refuses a JPEG a little over 600 KB', () => {
  assert.equal(isPhoto(jpeg(PHOTO_MAX_BYTES + 3)), false);
});

test('the PhotoDataUrl schema refuses other image types and non-base64 text', () => {
  assert.equal(isPhoto('data:image/gif;base64,R0lGODlh'), false);
  assert.equal(isPhoto('data:image/jpeg;base64,<script>'), false);
  assert.equal(isPhoto('https://example.com/a.jpg'), false);
});

test('checkPhoto() rejects a PNG declared as JPEG, naming /photo', () => {
  const err = badMessage(() => checkPhoto(`data:image/jpeg;base64,${png.toString('base64')}`));
  assert.equal(err.code, 'ERR_BAD_MESSAGE');
  assert.match(err.message, /^\/photo: /);
});

test('checkPhoto() rejects bytes that are no image', () => {
  badMessage(() => checkPhoto(`data:image/png;base64,${Buffer.from('just some text').toString('base64')}`));
});

test('checkPhoto() rejects more than 600 KB even if a schema let it through', () => {
  badMessage(() => checkPhoto(jpeg(PHOTO_MAX_BYTES + 1)));
});
