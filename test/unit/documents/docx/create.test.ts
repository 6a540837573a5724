// Create from a JSON spec: every block kind, inline formatting, page setup, header
// and footer, generated or template styles; checked by the engine's validate and
// text view, by python-docx and by LibreOffice. The published JSON Schema and the
// validator agree on the documented example and on broken specs.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { PNG } from 'pngjs';
import { docxText, readDocx, validateDocx } from '../../../../src/documents/docx';
import { createDocx } from '../../../../src/documents/docx/create';
import { parseSpec, SpecError } from '../../../../src/documents/docx/createSpec';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { libreOfficeMissing, loInspect, pythonDocx, pythonDocxMissing, requireTool } from '../../../support/libreOffice';
import { REPO_ROOT } from '../../../support/repoRoot';

const REFS = path.join(REPO_ROOT, 'skills/docx/references');

function png(width: number, height: number): Buffer {
  const img = new PNG({ width, height });
  img.data.fill(120);
  return PNG.sync.write(img);
}

/** The example from references/create-spec.md, as published. */
function documentedExample(): unknown {
  const md = fs.readFileSync(path.join(REFS, 'create-spec.md'), 'utf8');
  return JSON.parse(/```json\n([\s\S]*?)\n```/.exec(md)![1]);
}

const SPEC = {
  properties: { title: 'Quarterly Report', author: 'Northwind Trading' },
  page: { size: 'Letter', orientation: 'landscape', margins: { top: 20, bottom: 20, left: 25, right: 25 } },
  styles: { font: 'Liberation Sans', size: 10, color: '222831', headingFont: 'Liberation Serif', headingColor: '0B2545', headingSizes: [24, 18, 14] },
  header: [{ text: 'Northwind Trading', bold: true }],
  footer: { blocks: [{ type: 'paragraph', text: ['Confidential · page ', { field: 'PAGE' }, ' of ', { field: 'NUMPAGES' }] }] },
  body: [
    { type: 'paragraph', style: 'Title', text: 'Quarterly Report' },
    { type: 'heading', level: 1, text: 'Summary' },
    { type: 'paragraph', text: ['Sales rose ', { text: '12%', bold: true }, ', see ', { text: 'the dashboard', link: 'https://example.com/q3' }, '.'], align: 'justify' },
    { type: 'list', items: ['North', { text: 'South', items: ['Coast', 'Inland'] }] },
    { type: 'list', ordered: true, items: ['Plan', 'Do'] },
    { type: 'heading', level: 2, text: 'Figures' },
    { type: 'table', header: true, headerFill: '0B2545', bandFill: 'E8EEF2', widths: [80, 40], rows: [['Region', 'Sales'], ['North', '1,200'], ['South', '900'], [{ text: 'Total 2,100', span: 2, bold: true }]] },
    { type: 'image', path: 'chart.png', widthMm: 50, alt: 'Sales chart' },
    { type: 'pageBreak' },
    { type: 'paragraph', style: 'Quote', text: 'Onwards.' },
  ],
};

describe('documents/docx create from a spec', function () {
  this.timeout(1_500_000);
  const bytes = createDocx(SPEC, { readFile: (f) => (f === 'chart.png' ? png(400, 200) : assert.fail(f)), now: new Date('2026-12-01T10:00:00Z') });

  it('validates and reads back with every block', () => {
    assert.deepEqual(validateDocx(bytes), []);
    const tv = docxText(bytes).text;
    for (const line of ['# Summary', '## Figures', 'Sales rose 12%, see [the dashboard](https://example.com/q3).', 'North', 'Coast', 'Plan', 'Onwards.']) assert.ok(tv.includes(line), `${line} in\n${tv}`);
    const doc = readDocx(bytes);
    assert.equal(doc.images.length, 1);
    assert.equal(doc.images[0].description, 'Sales chart');
    assert.equal(doc.images[0].widthEmu, 50 * 36_000);
    assert.equal(doc.images[0].heightEmu, 25 * 36_000);
    assert.deepEqual(doc.hyperlinks.map((h) => [h.text, h.target]), [['the dashboard', 'https://example.com/q3']]);
    const lists = doc.body.blocks.filter((b) => b.type === 'paragraph' && b.list).map((b) => (b.type === 'paragraph' ? [b.list!.level, b.list!.label ?? b.list!.format] : []));
    assert.deepEqual(lists.map((l) => l[0]), [0, 0, 1, 1, 0, 0]);
    const styles = OoxmlPackage.open(bytes).bytes('word/styles.xml').toString('utf8');
    assert.match(styles, /w:styleId="Heading1">.*?<w:rFonts w:ascii="Liberation Serif".*?<w:color w:val="0B2545"\/><w:sz w:val="48"\/>/);
  });

  it('python-docx sees the page setup, styles, header, footer and table', function () {
    requireTool(this, pythonDocxMissing());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-create-'));
    try {
      const file = path.join(dir, 'report.docx');
      fs.writeFileSync(file, bytes);
      const py = pythonDocx<Record<string, unknown>>(
        file,
        `d = docx.Document(path)
s = d.sections[0]
print(json.dumps({
  "width_mm": round(s.page_width.mm), "height_mm": round(s.page_height.mm), "landscape": s.orientation == 1,
  "left_mm": round(s.left_margin.mm), "header": [p.text for p in s.header.paragraphs],
  "footer": [p.text for p in s.footer.paragraphs],
  "styles": [p.style.name for p in d.paragraphs[:3]],
  "bold": [r.text for r in d.paragraphs[2].runs if r.bold],
  "cells": [[c.text for c in row.cells] for row in d.tables[0].rows],
  "title": d.core_properties.title, "author": d.core_properties.author,
}))`,
      );
      assert.deepEqual(py, {
        width_mm: 279,
        height_mm: 216,
        landscape: true,
        left_mm: 25,
        header: ['Northwind Trading'],
        footer: ['Confidential · page 1 of 1'],
        styles: ['Title', 'Heading 1', 'Normal'],
        bold: ['12%'],
        cells: [['Region', 'Sales'], ['North', '1,200'], ['South', '900'], ['Total 2,100', 'Total 2,100']],
        title: 'Quarterly Report',
        author: 'Northwind Trading',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('LibreOffice opens it with the expected text', function () {
    requireTool(this, libreOfficeMissing());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-create-lo-'));
    try {
      const file = path.join(dir, 'report.docx');
      fs.writeFileSync(file, bytes);
      const [r] = loInspect([{ file }]);
      assert.equal(r.error, undefined);
      assert.equal(
        r.text,
        ['Quarterly Report', 'Summary', 'Sales rose 12%, see the dashboard.', '    • North', '    • South', '        ◦ Coast', '        ◦ Inland', '    1. Plan', '    2. Do', 'Figures', 'Region', 'Sales', 'North', '1,200', 'South', '900', 'Total 2,100', '', '', 'Onwards.', ''].join('\n'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a template lends its styles, theme and page setup; localised heading ids are found by name', () => {
    const template = createDocx({ page: { size: 'A5', margins: 15 }, styles: { font: 'Template Sans' }, body: [{ type: 'paragraph', text: 'template' }] });
    const pkg = OoxmlPackage.open(template);
    const styles = pkg.bytes('word/styles.xml').toString('utf8').replace(/w:styleId="Heading1"/, 'w:styleId="berschrift1"');
    pkg.setBytes('word/styles.xml', Buffer.from(styles));
    const out = createDocx({ template: 'company.docx', body: [{ type: 'heading', level: 1, text: 'Hello' }] }, { readFile: () => pkg.save() });
    assert.deepEqual(validateDocx(out).filter((f) => f.severity === 'error'), []);
    const xml = OoxmlPackage.open(out).bytes('word/document.xml').toString('utf8');
    assert.match(xml, /<w:pStyle w:val="berschrift1"\/>/);
    assert.match(xml, /<w:pgSz w:w="8391" w:h="11906"\/>/);
    assert.match(OoxmlPackage.open(out).bytes('word/styles.xml').toString('utf8'), /Template Sans/);
    const first = readDocx(out).body.blocks[0];
    assert.equal(first.type === 'paragraph' ? first.headingLevel : undefined, 1);
  });

  it('bad specs name the JSON path of the problem', () => {
    const bad = (spec: unknown, re: RegExp) => assert.throws(() => createDocx(spec, { readFile: () => Buffer.from('not an image') }), (e: Error) => e instanceof SpecError && (re.test(e.message) || assert.fail(e.message)));
    bad({}, /^body: is required: an array of blocks/);
    bad({ body: [{ type: 'chart' }] }, /^body\[0\]\.type: must be one of heading, paragraph, list, table, image, pageBreak/);
    bad({ body: [{ type: 'heading', level: 7, text: 'x' }] }, /^body\[0\]\.level: must be 1 to 6/);
    bad({ body: [{ type: 'table', rows: [['a'], [{ text: 'b', fill: 'navy' }]] }] }, /^body\[0\]\.rows\[1\]\[0\]\.fill: must be a hex colour/);
    bad({ body: [{ type: 'paragraph', text: [{ text: 'x', colour: 'FF0000' }] }] }, /^body\[0\]\.text\[0\]: unknown run field "colour"/);
    bad({ body: [{ type: 'image', path: 'logo.svg' }] }, /^image logo\.svg: is not a PNG, JPEG or GIF file/);
    bad({ page: { margins: 120 }, body: [] }, /^page\.margins: leave at least 12\.7 mm/);
  });

  it('the JSON Schema and the validator agree on the documented example and on broken specs', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REFS, 'spec.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const example = documentedExample();
    assert.ok(validate(example), JSON.stringify(validate.errors));
    assert.doesNotThrow(() => parseSpec(example));
    const broken = [{}, { body: [{ type: 'chart' }] }, { body: [{ type: 'heading', level: 0, text: 'x' }] }, { body: [{ type: 'paragraph', text: [{ text: 'x', size: 0 }] }] }, { body: [], page: { size: 'B5' } }, { body: [{ type: 'list', items: [] }] }];
    for (const spec of broken) {
      assert.equal(validate(spec), false, `schema rejects ${JSON.stringify(spec)}`);
      assert.throws(() => parseSpec(spec), SpecError, `validator rejects ${JSON.stringify(spec)}`);
    }
  });

  it('brand guidelines: the documented example builds with its logo', () => {
    const out = createDocx(documentedExample(), { readFile: (f) => (f === 'logo.png' ? png(200, 80) : f === 'company-template.docx' ? createDocx({ body: [] }) : assert.fail(f)) });
    assert.deepEqual(validateDocx(out).filter((f) => f.severity === 'error'), []);
    assert.match(docxText(out).text, /Northwind Trading · Confidential/);
  });
});
