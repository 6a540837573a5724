// Where a zip's bytes come from: a buffer in memory, or an open file read a range at a
// time (so opening a 9 MiB workbook to read one sheet holds its central directory, not
// the whole file). The reader asks for the ranges it needs: the tail with the end
// record, the central directory, each local header, and an entry's compressed data.

import * as fs from 'node:fs';
import { DocumentError } from './documentError';

export interface ZipSource {
  readonly size: number;
  /** `length` bytes from `offset` (the caller keeps within `size`). */
  read(offset: number, length: number): Buffer;
  /** Every byte, for telling what a file that is not a zip really is. */
  whole(): Buffer;
}

export function bufferSource(input: Uint8Array): ZipSource {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return {
    size: buf.length,
    read: (offset, length) => buf.subarray(offset, offset + length),
    whole: () => buf,
  };
}

export interface FileSource extends ZipSource {
  close(): void;
}

/** Opens the file at `path` and reads it by range until close(); reading after close is an error, never another file's bytes. */
export function fileSource(path: string): FileSource {
  let fd: number | undefined = fs.openSync(path, 'r');
  const open = (): number => {
    if (fd === undefined) throw new DocumentError('INVALID_ARGUMENT', 'the package was closed before this part was read');
    return fd;
  };
  const fill = (out: Buffer, offset: number): number => {
    let done = 0;
    while (done < out.length) {
      const n = fs.readSync(open(), out, done, out.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  };
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return {
    size,
    read(offset, length) {
      const out = Buffer.allocUnsafe(length);
      if (fill(out, offset) < length) {
        throw new DocumentError('TRUNCATED', 'the file became shorter while it was being read (was it changed on disk?)');
      }
      return out;
    },
    whole() {
      const out = Buffer.allocUnsafe(size);
      return out.subarray(0, fill(out, 0));
    },
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  };
}
