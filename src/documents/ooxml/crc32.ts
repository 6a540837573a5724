// CRC-32 (the zip polynomial). node:zlib has crc32 from Node 20.15/22; the guest may run
// 18, so a table-driven fallback is kept.

import * as zlib from 'node:zlib';

const native = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  return native ? native(data) >>> 0 : crc32Js(data);
}

export function crc32Js(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
