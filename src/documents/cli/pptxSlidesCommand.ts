// `cowork doc slides FILE.pptx (--duplicate N | --delete N | --move N:M)... -o OUT [--json]`:
// slide operations in the order given, relationships and ids kept consistent.

import { editSlides, parseSlideOps, readPptx } from '../pptx';
import { EXIT, json, one, parseFlags, readInput, UsageError, withFile, writeOutput, type DocCommand } from './docCommand';

export const pptxSlidesCommand: DocCommand = {
  name: 'slides',
  summary: 'duplicate, delete and reorder slides with their notes, charts and media (.pptx)',
  usage: 'cowork doc slides FILE.pptx (--duplicate N | --delete N | --move N:M)... -o OUT [--json]\n  ops run in the order given; N is the slide number at that point (1 = first)',
  run(args, io) {
    const { ops, rest } = withFile('slides', () => parseSlideOps(args));
    const flags = parseFlags(rest, { values: ['-o'], switches: ['--json'], aliases: { '--output': '-o' } });
    const [file, ...extra] = flags.positional;
    if (!file || extra.length) throw new UsageError('give exactly one FILE.pptx');
    if (!ops.length) throw new UsageError('give at least one of --duplicate N, --delete N, --move N:M');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('give the output file with -o OUT');
    const data = readInput(file);
    const res = withFile(file, () => editSlides(data, ops));
    writeOutput(out, res.data);
    const titles = readPptx(res.data).slides.map((s) => s.title ?? '');
    if (flags.switches.has('--json')) io.out(json({ file, output: out, slides: res.slides.map((part, i) => ({ number: i + 1, part, title: titles[i] })), notes: res.notes }));
    else {
      io.out(`wrote ${out} (${res.slides.length} slide${res.slides.length === 1 ? '' : 's'})\n`);
      res.slides.forEach((p, i) => io.out(`  ${i + 1}. ${titles[i] || '(no title)'}  ${p}\n`));
      for (const n of res.notes) io.out(`note: ${n}\n`);
    }
    return EXIT.ok;
  },
};
