// The read model: headings and styles, lists with computed labels, tables, hyperlinks,
// images, notes, headers and footers, on generated files and the corpus.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docxText, readDocx, type Paragraph } from '../../../../src/documents/docx';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { corpusDir } from '../../../support/corpus';
import { buildDocx, para, run } from '../../../support/docxBuilder';

const NUMBERING =
  '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>' +
  '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl></w:abstractNum>' +
  '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>' +
  '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>';
const item = (numId: number, lvl: number, text: string) => para(run(text), `<w:numPr><w:ilvl w:val="${lvl}"/><w:numId w:val="${numId}"/></w:numPr>`);

describe('documents/docx read', () => {
  const data = buildDocx({
    body:
      para(run('Agreement'), '<w:pStyle w:val="Heading1"/>') +
      para(run('Scope'), '<w:pStyle w:val="Heading2"/>') +
      item(1, 0, 'First') +
      item(1, 1, 'Sub one') +
      item(1, 1, 'Sub two') +
      item(1, 0, 'Second') +
      item(2, 0, 'A bullet') +
      para(run('See ') + '<w:hyperlink r:id="rIdLink"><w:r><w:t>the site</w:t></w:r></w:hyperlink>' + run(' and ') + '<w:hyperlink w:anchor="scope"><w:r><w:t>scope</w:t></w:r></w:hyperlink>') +
      para(run('Noted') + '<w:r><w:footnoteReference w:id="1"/></w:r>' + run(' twice') + '<w:r><w:endnoteReference w:id="1"/></w:r>') +
      para(run('Tab\there') + '<w:r><w:br/><w:t>next line</w:t></w:r>'),
    footnotes: `<w:footnote w:id="1">${para(run('A footnote.'))}</w:footnote>`,
    endnotes: `<w:endnote w:id="1">${para(run('An endnote.'))}</w:endnote>`,
    footers: [para(run('Page footer'))],
    numbering: NUMBERING,
    extra: [{ name: 'word/link.xml', data: Buffer.from('<x/>') }],
  });
  // Add the external hyperlink relationship the body refers to.
  const withLink = (() => {
    const pkg = OoxmlPackage.open(data);
    const rels = pkg.bytes('word/_rels/document.xml.rels').toString().replace('</Relationships>', '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/" TargetMode="External"/></Relationships>');
    pkg.setBytes('word/_rels/document.xml.rels', Buffer.from(rels));
    return pkg.save();
  })();
  const doc = readDocx(withLink);
  const paras = doc.body.blocks.filter((b): b is Paragraph => b.type === 'paragraph');

  it('reads headings from styles and their names', () => {
    assert.equal(paras[0].headingLevel, 1);
    assert.equal(paras[0].styleName, 'heading 1');
    assert.equal(paras[1].headingLevel, 2);
  });

  it('numbers list items as Word would', () => {
    assert.deepEqual(paras.slice(2, 7).map((p) => [p.list?.level, p.list?.label ?? p.list?.format]), [[0, '1.'], [1, '1.a)'], [1, '1.b)'], [0, '2.'], [0, 'bullet']]);
    const t = docxText(withLink).text;
    assert.match(t, /\[p3\] 1\. First\n\[p4\] {3}1\.a\) Sub one\n\[p5\] {3}1\.b\) Sub two\n\[p6\] 2\. Second\n\[p7\] - A bullet/);
    assert.match(t, /\[p1\] # Agreement\n\[p2\] ## Scope/);
  });

  it('reads hyperlinks (external and internal), notes, breaks and the footer', () => {
    assert.deepEqual(doc.hyperlinks, [
      { text: 'the site', target: 'https://example.com/', paragraph: 'p8' },
      { text: 'scope', target: '#scope', paragraph: 'p8' },
    ]);
    const t = docxText(withLink).text;
    assert.match(t, /\[p8\] See \[the site\]\(https:\/\/example\.com\/\) and \[scope\]\(#scope\)/);
    assert.match(t, /\[p9\] Noted\[\^fn1\] twice\[\^en1\]/);
    assert.match(t, /\[fn1\.p1\] A footnote\./);
    assert.match(t, /\[en1\.p1\] An endnote\./);
    assert.match(t, /=== footer footer1 \(word\/footer1\.xml\) ===\n\[footer1\.p1\] Page footer/);
    assert.match(t, /\[p10\] Tab\there<br>next line\n/);
    assert.equal(paras[9].inlines.map((i) => (i.type === 'text' ? i.text : '')).join(''), 'Tab\there\nnext line');
  });

  it('corpus: tables, images, hyperlinks, headers and footers, list styles', function () {
    const dir = corpusDir('docx');
    if (!dir) this.skip();
    const read = (f: string) => readDocx(fs.readFileSync(path.join(dir!, f)));
    const images = read('having-images.docx').images;
    assert.ok(images.length >= 5 && images.every((i) => i.part?.startsWith('word/media/')));
    assert.deepEqual(read('par-hyperlinks.docx').hyperlinks.map((h) => h.target), ['http://yahoo.com/', 'http://google.com/', 'http://python.org/', 'http://yahoo.com/']);
    const tbl = read('tbl-2x2-table.docx').body.blocks[0];
    assert.ok(tbl.type === 'table' && tbl.rows.length === 2 && tbl.rows[0].cells.length === 2);
    const hf = read('hdr-header-footer.docx');
    assert.deepEqual(hf.stories.map((s) => s.id), ['header1', 'header2', 'header3', 'footer1', 'footer2', 'footer3']);
    const listPara = read('num-having-numbering-part.docx').body.blocks[0];
    assert.ok(listPara.type === 'paragraph' && listPara.styleName === 'List Number');
  });
});
