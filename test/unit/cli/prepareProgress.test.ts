// The CLI's view of a preparation: one bar redrawn in place on a terminal,
// a handful of plain lines otherwise.

import { strict as assert } from 'node:assert';
import { PrepareProgress } from '../../../src/cli/prepareProgress';
import type { PrepareStep } from '../../../src/sandbox/image/progress';

const steps: PrepareStep[] = [
  { phase: 'download', percent: 0, message: 'looking for image v (amd64)' },
  ...Array.from({ length: 58 }, (_, i) => ({ phase: 'download' as const, percent: 2 + i, message: `downloading ${i * 5} of 300 MiB` })),
  { phase: 'unpack', percent: 61, message: 'unpacking the image' },
  { phase: 'unpack', percent: 75, message: 'unpacking the image' },
  { phase: 'verify', percent: 85, message: 'checking every file of the image' },
  { phase: 'install', percent: 100, message: 'sandbox image ready' },
];

describe('cli: sandbox preparation progress', () => {
  it('on a terminal: one line redrawn with a bar and percent, ended by a newline', () => {
    let out = '';
    const p = new PrepareProgress({ write: (t) => (out += t), isTTY: true, columns: 100 });
    for (const s of steps) p.step(s);
    p.done();
    assert.equal(out.split('\n').length, 2);
    const frames = out.split('\r').filter(Boolean);
    assert.equal(frames.length, steps.length);
    assert.match(frames[29]!, /^sandbox image \[#{7}\.{17}\] {2}30% downloading 140 of 300 MiB/);
    assert.match(frames.at(-1)!, /^sandbox image \[#{24}\] 100% sandbox image ready/);
    assert.ok(frames.every((f) => f.replace('\n', '').length === 99));
  });

  it('elsewhere: a line per phase change and per 10 % of the download', () => {
    let out = '';
    const p = new PrepareProgress({ write: (t) => (out += t), isTTY: false });
    for (const s of steps) p.step(s);
    p.done();
    const lines = out.trimEnd().split('\n');
    assert.ok(lines.length >= 8 && lines.length <= 12, lines.join('\n'));
    assert.equal(lines[0], '· sandbox image   0% looking for image v (amd64)');
    assert.ok(lines.includes('· sandbox image  61% unpacking the image'));
    assert.equal(lines.filter((l) => l.includes('unpacking')).length, 1);
    assert.equal(lines.at(-1), '· sandbox image 100% sandbox image ready');
    assert.doesNotMatch(out, /\r/);
  });
});
