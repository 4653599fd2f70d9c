import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { byteSize, type FileLimits } from '../limits.js';
import { FeedError } from './read-result.js';

/** A file's bytes as they stream in, gunzipped when it is gzip; `bytesRead` counts the file as stored. */
export interface FileBytes {
  readonly chunks: AsyncIterable<Buffer>;
  readonly bytesRead: () => number;
  readonly close: () => void;
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(GZIP_MAGIC.length), 0, GZIP_MAGIC.length, 0);
    return bytesRead === GZIP_MAGIC.length && GZIP_MAGIC.every((byte, i) => buffer[i] === byte);
  } finally {
    await file.close();
  }
}

function isZlibError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

/** The gunzipped bytes, up to `cap`: a gzip bomb stops with a FeedError as soon as it passes the cap. */
async function* gunzipped(path: string, gunzip: Readable, cap: number, ratio: number): AsyncGenerator<Buffer> {
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) {
        throw new FeedError(
          `${path} unpacks to more than ${byteSize(cap)} (over ${ratio}× its size): refused as a gzip bomb`,
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (isZlibError(error)) {
      throw new FeedError(`${path}: the file is truncated or not valid gzip (${error.message})`, { cause: error });
    }
    throw error;
  }
}

/** Opens a file to stream, gunzipped when it starts with gzip's magic bytes whatever its name. */
export async function openFileBytes(path: string, limits: FileLimits): Promise<FileBytes> {
  const gzip = await startsWithGzipMagic(path);
  const file = createReadStream(path);
  const bytesRead = () => file.bytesRead;
  if (!gzip) return { chunks: file, bytesRead, close: () => file.destroy() };
  const cap = Math.max((await stat(path)).size * limits.gzipRatio, limits.gzipFloorBytes);
  const gunzip = file.pipe(createGunzip());
  // pipe() does not pass a read error on to the gunzip stream, which is the one read.
  file.once('error', (error) => gunzip.destroy(error));
  const close = () => {
    gunzip.destroy();
    file.destroy();
  };
  return { chunks: gunzipped(path, gunzip, cap, limits.gzipRatio), bytesRead, close };
}
