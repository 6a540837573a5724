// Sample decks and helpers shared by the PowerPoint tests and the bench.

import { withDefaults } from '../../src/documents/ooxml/limits';
import { inflateEntry, readZip } from '../../src/documents/ooxml/zipReader';
import { buildPptx, picture, placeholder, PNG_1PX, table, textBox } from './pptxBuilder';

export function sampleDeck(): Buffer {
  return buildPptx({
    slides: [
      { layout: 1, shapes: placeholder(2, 'title', ['Quarterly review']) + placeholder(3, 'subTitle', ['March 2026']), notes: 'Welcome everyone.' },
      {
        shapes:
          placeholder(2, 'title', ['Three themes']) +
          placeholder(3, 'body', [
            '<a:r><a:rPr lang="en-US" b="1"/><a:t>Growth</a:t></a:r><a:r><a:rPr lang="en-US"/><a:t> in every region</a:t></a:r>',
            '<a:pPr lvl="1"/><a:r><a:rPr lang="en-US"/><a:t>EMEA up 12%</a:t></a:r>',
            '<a:pPr><a:buNone/></a:pPr><a:r><a:rPr lang="en-US"/><a:t>No bullet here</a:t></a:r>',
          ]) +
          textBox(4, 'Free text'),
        notes: 'Spend two minutes here.',
      },
      { shapes: placeholder(2, 'title', ['Numbers']) + table(5, [['Region', 'Revenue'], ['EMEA', '12']]), hidden: true },
      { shapes: placeholder(2, 'title', ['Picture']) + picture(6, 'rId10', 'A chart photo'), images: [{ name: 'a.png', data: PNG_1PX }] },
    ],
    // Presentation order differs from the part names: slide4.xml is shown second.
    order: [0, 3, 1, 2],
  });
}

/** Entry name -> inflated bytes. */
export function partsOf(data: Buffer): Map<string, Buffer> {
  return new Map(readZip(data, withDefaults()).filter((e) => !e.isDirectory).map((e) => [e.name, inflateEntry(e)]));
}
