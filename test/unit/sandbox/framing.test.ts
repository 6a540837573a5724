// Protocol framing, the guest's glob matcher and staging's diff: pure, no sandbox needed.

import * as assert from 'node:assert/strict';
import { encodeFrame, FrameDecoder } from '../../../src/sandbox/framing';
import { compileGlob } from '../../../src/sandbox/guest/glob';
import { MAX_FRAME_BYTES } from '../../../src/sandbox/protocol';
import { linkStaysInside } from '../../../src/sandbox/staging/changes';
import { unifiedDiff } from '../../../src/sandbox/staging/diff';
import { SandboxError } from '../../../src/sandbox/session';

function collect(max?: number) {
  const messages: unknown[] = [];
  const errors: SandboxError[] = [];
  const dec = new FrameDecoder({ message: (m) => messages.push(m), error: (e) => errors.push(e) }, max);
  return { dec, messages, errors };
}

describe('sandbox framing', () => {
  it('round-trips a message with a 4-byte big-endian length prefix', () => {
    const frame = encodeFrame({ t: 'req', id: 1, op: 'ping', params: {} });
    assert.equal(frame.readUInt32BE(0), frame.length - 4);
    const { dec, messages } = collect();
    dec.push(frame);
    assert.deepEqual(messages, [{ t: 'req', id: 1, op: 'ping', params: {} }]);
  });

  it('reassembles frames split at every byte, and several frames in one chunk', () => {
    const a = encodeFrame({ n: 1, s: 'héllo ✓' });
    const b = encodeFrame({ n: 2, s: 'x'.repeat(1000) });
    const both = Buffer.concat([a, b]);
    const { dec, messages } = collect();
    for (let i = 0; i < both.length; i++) dec.push(both.subarray(i, i + 1));
    dec.push(Buffer.concat([a, b, a]));
    assert.equal(messages.length, 5);
    assert.deepEqual(messages[0], { n: 1, s: 'héllo ✓' });
    assert.deepEqual(messages[4], { n: 1, s: 'héllo ✓' });
  });

  it('refuses to encode a message over the limit with ETOOBIG', () => {
    assert.throws(() => encodeFrame({ data: 'x'.repeat(200) }, 100), (e: unknown) => e instanceof SandboxError && e.code === 'ETOOBIG');
    assert.equal(MAX_FRAME_BYTES, 16 * 1024 * 1024);
  });

  it('skips an oversized incoming frame byte for byte and keeps decoding', () => {
    const { dec, messages, errors } = collect(64);
    const big = Buffer.alloc(4 + 1000, 0x61);
    big.writeUInt32BE(1000, 0);
    const after = encodeFrame({ ok: true });
    // Deliver the big frame in pieces, with the next frame glued to its tail.
    dec.push(big.subarray(0, 10));
    dec.push(big.subarray(10, 600));
    dec.push(Buffer.concat([big.subarray(600), after]));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, 'ETOOBIG');
    assert.deepEqual(messages, [{ ok: true }]);
  });

  it('reports a frame that is not JSON as EPROTO and carries on', () => {
    const { dec, messages, errors } = collect();
    const bad = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{{{')]);
    dec.push(Buffer.concat([bad, encodeFrame(7)]));
    assert.equal(errors[0].code, 'EPROTO');
    assert.deepEqual(messages, [7]);
  });
});

describe('sandbox guest glob', () => {
  const cases: [string, string, boolean][] = [
    ['*.md', 'a.md', true],
    ['*.md', 'docs/deep/a.md', true],
    ['docs/*.md', 'docs/a.md', true],
    ['docs/*.md', 'docs/x/a.md', false],
    ['docs/**/*.md', 'docs/a.md', true],
    ['docs/**/*.md', 'docs/x/y/a.md', true],
    ['**', 'any/thing', true],
    ['src/**', 'src/a/b.ts', true],
    ['*.{ts,js}', 'x/y.js', true],
    ['*.{ts,js}', 'y.json', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['[ab]*.txt', 'b1.txt', true],
    ['[!ab]*.txt', 'b1.txt', false],
    ['a.b', 'axb', false],
    ['(x)+.txt', '(x)+.txt', true],
  ];
  for (const [pattern, p, want] of cases) {
    it(`${pattern} ${want ? 'matches' : 'does not match'} ${p}`, () => assert.equal(compileGlob(pattern)(p), want));
  }

  it('rejects an unbalanced brace', () => assert.throws(() => compileGlob('{a,b')));
});

describe('sandbox staging link check', () => {
  it('keeps links that stay in the folder and flags the rest', () => {
    assert.equal(linkStaysInside('a/l', 'b.txt'), true);
    assert.equal(linkStaysInside('a/l', '../b.txt'), true);
    assert.equal(linkStaysInside('a/l', '../../b.txt'), false);
    assert.equal(linkStaysInside('l', '/etc/passwd'), false);
  });
});

describe('sandbox staging diff', () => {
  it('writes a unified diff with context and correct hunk ranges', () => {
    const a = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('\n') + '\n';
    const b = a.replace('two\n', 'TWO\n').replace('nine\n', '');
    assert.equal(unifiedDiff('f.txt', a, b), [
      '--- a/f.txt',
      '+++ b/f.txt',
      '@@ -1,5 +1,5 @@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      ' four',
      ' five',
      '@@ -6,5 +6,4 @@',
      ' six',
      ' seven',
      ' eight',
      '-nine',
      ' ten',
      '',
    ].join('\n'));
  });

  it('is empty for equal texts and handles files created from nothing', () => {
    assert.equal(unifiedDiff('x', 'same\n', 'same\n'), '');
    assert.equal(unifiedDiff('x', '', 'new\n'), '--- a/x\n+++ b/x\n@@ -0,0 +1,1 @@\n+new\n');
  });
});
