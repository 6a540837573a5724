// The presentation halves of `text`, and `inventory` (byExtension.ts picks them for
// .pptx/.pptm/.potx): the deck as text for the agent, and the inventory a template
// filler needs (slides, layouts, placeholders, shapes with ids, text and position).

import { readPptx, deckText, deckTextJson, inventoryJson, inventoryText } from '../pptx';
import type { PresentationCommand } from './byExtension';
import { EXIT, json, onlyFile, parseFlags, readInput, withFile } from './docCommand';

export const pptxTextCommand: PresentationCommand = {
  name: 'text',
  presentation: 'file',
  summary: 'each slide\'s text (titles, bullets with levels), tables, images and notes in slide order',
  usage: 'cowork doc text FILE.pptx [--json]',
  run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const deck = withFile(file, () => readPptx(data));
    if (flags.switches.has('--json')) io.out(json({ file, ...deckTextJson(deck) }));
    else io.out(deckText(deck));
    return EXIT.ok;
  },
};

export const pptxInventoryCommand: PresentationCommand = {
  name: 'inventory',
  presentation: 'file',
  summary: 'slides, layouts, placeholders and shapes with their ids, text and position (.pptx)',
  usage: 'cowork doc inventory FILE.pptx [--json]',
  run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const deck = withFile(file, () => readPptx(data));
    if (flags.switches.has('--json')) io.out(json({ file, ...inventoryJson(deck) }));
    else io.out(inventoryText(deck));
    return EXIT.ok;
  },
};
