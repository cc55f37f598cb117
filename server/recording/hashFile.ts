import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 (hex) and size of a file, streamed (a 5-minute segment is tens of MB); null when the file is missing. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number } | null> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      hash.update(buf);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return { sha256: hash.digest('hex'), bytes };
}
