// A deck of N slides for benches and tests, made from one slide of a corpus deck: that
// slide's XML is copied N times with its title replaced ("Slide 7 of 30"), each copy linked
// from presentation.xml and declared in [Content_Types].xml, the original slides kept.
// Only the layout relationship of the template slide is carried over (no notes).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { OoxmlPackage } from '../../src/documents/ooxml';
import { readPptx } from '../../src/documents/pptx';
import { corpusDir } from './corpus';

const SLIDE_CT = 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml';
const SLIDE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide';
const LAYOUT_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout';

/** `count` slides titled "Slide i of count", from slide 5 ("Title Text") of ph-populated-placeholders.pptx; undefined without the corpus. */
export function titledDeck(count: number): Buffer | undefined {
  const dir = corpusDir('pptx');
  if (!dir) return undefined;
  const data = fs.readFileSync(path.join(dir, 'ph-populated-placeholders.pptx'));
  const template = readPptx(data).slides.find((s) => s.title === 'Title Text')!;
  const pkg = OoxmlPackage.open(data);
  const xml = pkg.bytes(template.part).toString('utf8');
  const layout = pkg.relationships(template.part).find((r) => r.type === LAYOUT_REL)!;
  const main = pkg.mainEntry();
  const pres = pkg.editXml(main);
  const list = pres.root.children.find((c) => c.type === 'element' && c.name === 'p:sldIdLst');
  if (!list || list.type !== 'element') throw new Error('the template deck has no p:sldIdLst');
  list.children = [];
  for (let i = 1; i <= count; i++) {
    const part = `ppt/slides/bench${i}.xml`;
    pkg.setBytes(part, Buffer.from(xml.replace('Title Text', `Slide ${i} of ${count}`), 'utf8'), SLIDE_CT);
    pkg.addRelationship(part, LAYOUT_REL, layout.targetEntry!);
    const rid = pkg.addRelationship(main, SLIDE_REL, part);
    list.children.push({ type: 'element', name: 'p:sldId', attrs: { id: String(1000 + i), 'r:id': rid }, children: [] });
  }
  return pkg.save();
}
