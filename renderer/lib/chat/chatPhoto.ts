import { PHOTO_MAX_BYTES } from '../../../protocol/instruction.ts';
import { tBoth } from '../i18n.ts';

/** The longest side a chat photo is sent with: enough to read a document on a console, small on a 4G uplink. */
export const CHAT_PHOTO_SIDE = 1280;

/** The most characters the server takes for a photo's data: URL (600 KB of JPEG). */
const MAX_CHARS = 'data:image/jpeg;base64,'.length + Math.ceil(PHOTO_MAX_BYTES / 3) * 4;

/** The width and height of an image scaled so its longest side is at most `side` (never enlarged). */
export function fitWithin(width: number, height: number, side: number): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A camera photo or picked image as the chat sends it: drawn on a canvas at most CHAT_PHOTO_SIDE
 * pixels on its longest side and encoded as JPEG, at a lower quality (then size) until it fits 600 KB.
 */
export async function chatPhotoDataUrl(file: Blob): Promise<string> {
  // from-image: a phone's portrait photo (EXIF orientation) is drawn upright.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    for (const [side, quality] of [[CHAT_PHOTO_SIDE, 0.82], [CHAT_PHOTO_SIDE, 0.65], [1024, 0.6], [800, 0.5]] as const) {
      const size = fitWithin(bitmap.width, bitmap.height, side);
      const canvas = document.createElement('canvas');
      canvas.width = size.width;
      canvas.height = size.height;
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, size.width, size.height);
      const url = canvas.toDataURL('image/jpeg', quality);
      if (url.length <= MAX_CHARS) return url;
    }
  } finally {
    bitmap.close();
  }
  throw new Error(tBoth('chat.photoTooLarge'));
}
