import { PHOTO_MAX_BYTES } from '../protocol/instruction.ts';
import { BadMessageError } from './errors.ts';

const SIGNATURES = {
  jpeg: Buffer.from([0xff, 0xd8, 0xff]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
} as const;

const PREFIX = /^data:image\/(jpeg|png);base64,/;

/**
 * Checks a photo (instruction feedback, action chat) beyond its schema (which bounds the text): the
 * bytes must decode, fit in 600 KB and begin with the signature of the type the URL declares, so
 * nothing else is stored as a photo. Returns the image's bytes; throws BadMessageError naming `field`.
 */
export function checkPhoto(dataUrl: string, field = '/photo'): Buffer {
  const m = PREFIX.exec(dataUrl);
  if (!m) throw new BadMessageError(`${field}: must be a data:image/jpeg or data:image/png base64 URL`);
  const kind = m[1] as keyof typeof SIGNATURES;
  const bytes = Buffer.from(dataUrl.slice(m[0].length), 'base64');
  if (bytes.length === 0) throw new BadMessageError(`${field}: is empty`);
  if (bytes.length > PHOTO_MAX_BYTES) throw new BadMessageError(`${field}: ${bytes.length} bytes, at most ${PHOTO_MAX_BYTES}`);
  const signature = SIGNATURES[kind];
  if (bytes.length < signature.length || !bytes.subarray(0, signature.length).equals(signature)) {
    throw new BadMessageError(`${field}: content is not a ${kind.toUpperCase()} image`);
  }
  return bytes;
}
