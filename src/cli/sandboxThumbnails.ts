// `cowork doc thumbnails` on the host renders inside the sandbox guest, as the agent's
// and the slide preview's do (src/cli/sandboxDoc.ts says why and how): the guest's
// bundled engine runs `thumbnails` on a copy of the deck, writing its images into the
// throwaway folder, and they are read back. Slide numbers and hidden flags come from the
// deck itself (read here, no LibreOffice), so they are exactly the host's.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../documents/ooxml';
import { fitsModelImageBudget } from '../shared/imageBudget';
import { deckSlides, type DeckRenderer, type ThumbnailResult } from '../documents/render';
import { guestFailure, guestReport, runDocInSandbox } from './sandboxDoc';
import { errorCode } from './sandboxRecalc';

interface GuestReport {
  error?: { code?: string; message: string };
  images?: { file: string; width: number; height: number; slides: number[]; withinBudget?: boolean }[];
  ms?: ThumbnailResult['ms'];
}

export function sandboxDeckRenderer(log: (line: string) => void = () => undefined): DeckRenderer {
  return async (file, opts) => {
    const input = fs.readFileSync(file);
    const slides = deckSlides(input);
    const name = `deck${path.extname(file).toLowerCase() || '.pptx'}`;
    const timeoutMs = opts.timeoutMs ?? 180_000;
    const args = ['thumbnails', name, '-o', 'thumbnails/grid.png', '--json', '--timeout', String(Math.ceil(timeoutMs / 1000))];
    if (opts.slide !== undefined) args.push('--slide', String(opts.slide));
    if (opts.each) args.push('--each');
    if (opts.cols !== undefined) args.push('--cols', String(opts.cols));
    const width = opts.slideWidth ?? opts.tileWidth;
    if (width !== undefined) args.push('--width', String(width));
    return runDocInSandbox({
      purpose: 'thumbnails render with LibreOffice Impress',
      inputName: name,
      input,
      args,
      timeoutMs: timeoutMs + 60_000,
      log,
      read: (run) => {
        const report = guestReport<GuestReport>(run.stdout);
        if (report?.error) throw new DocumentError(errorCode(report.error.code), report.error.message.replace(`${name}: `, ''));
        if (run.exitCode !== 0 || !report?.images?.length) throw new DocumentError('CORRUPT', `the sandbox's rendering failed: ${guestFailure(run)}`);
        const sheets = report.images.map((img) => {
          const png = path.join(run.folder, img.file);
          if (!png.startsWith(run.folder + path.sep) || !fs.existsSync(png)) throw new DocumentError('CORRUPT', `the sandbox's rendering wrote no ${img.file}`);
          return { png: fs.readFileSync(png), width: img.width, height: img.height, slides: img.slides, withinBudget: img.withinBudget ?? fitsModelImageBudget(img.width, img.height) };
        });
        return { slides, sheets, ms: report.ms ?? { export: 0, raster: 0, compose: 0 }, where: run.ranIn };
      },
    });
  };
}
