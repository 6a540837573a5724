// The streaming well-formedness check against the tree parser: on good and bad XML, cut
// into chunks at every position, it accepts what parseXml accepts and refuses what it
// refuses, with the same error code.

import * as assert from 'node:assert/strict';
import { DocumentError, parseXml } from '../../../../src/documents/ooxml';
import { checkXmlStream } from '../../../../src/documents/ooxml/xmlStreamCheck';

const GOOD = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a/>',
  '<a x="1" y=\'2\'><b>t &amp; &lt; &#65; &#x42;</b><!-- c < > --><?pi x?><c><![CDATA[<not a tag> & ]]></c></a>\n  ',
  '<x:a xmlns:x="urn:x" v="a > b"><x:b/><x:b></x:b></x:a>',
  '<r>\r\n<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>\n</r>',
];

const BAD: [string, string][] = [
  ['<a><b></a>', 'XML_MALFORMED'],
  ['<a></b>', 'XML_MALFORMED'],
  ['<a/><b/>', 'XML_MALFORMED'],
  ['x<a/>', 'XML_MALFORMED'],
  ['<a/>x', 'XML_MALFORMED'],
  ['<a>', 'XML_MALFORMED'],
  ['<a><b x="1"', 'XML_MALFORMED'],
  ['<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'XML_FORBIDDEN'],
  ['<a>&lol;</a>', 'XML_FORBIDDEN'],
  ['<a>fish & chips</a>', 'XML_MALFORMED'],
  ['<a>&#x110000;</a>', 'XML_MALFORMED'],
  ['<a x=1/>', 'XML_MALFORMED'],
  ['<a x="<"/>', 'XML_MALFORMED'],
  ['<a x="1" x="2"/>', 'XML_MALFORMED'],
  ['<a><!-- no end </a>', 'XML_MALFORMED'],
  ['<a y="&nope;"/>', 'XML_FORBIDDEN'],
  ['', 'XML_MALFORMED'],
  ['<a><b><c><d><e><f></f></e></d></c></b></a>', 'LIMIT_EXCEEDED'],
];

async function outcome(run: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof DocumentError, `not a DocumentError: ${err}`);
    return err.code;
  }
}

async function* pieces(s: string, cuts: number[]): AsyncGenerator<string> {
  let from = 0;
  for (const c of cuts) {
    yield s.slice(from, c);
    from = c;
  }
  yield s.slice(from);
}

describe('documents/ooxml streaming XML check', () => {
  it('agrees with parseXml on good and bad XML, however the text is cut', async () => {
    for (const [xml, want] of [...GOOD.map((g) => [g, 'ok'] as [string, string]), ...BAD]) {
      const tree = await outcome(() => parseXml(Buffer.from(xml), { maxDepth: 5, part: 'p.xml' }));
      assert.equal(tree, want, `parseXml on ${xml}`);
      for (let i = 0; i <= xml.length; i++) {
        assert.equal(await outcome(() => checkXmlStream(pieces(xml, [i]), 'p.xml', { maxDepth: 5 })), want, `cut at ${i}: ${xml}`);
      }
      const chars = Array.from({ length: xml.length }, (_v, i) => i);
      assert.equal(await outcome(() => checkXmlStream(pieces(xml, chars), 'p.xml', { maxDepth: 5 })), want, `one character at a time: ${xml}`);
    }
  });

  it('refuses CDATA outside the root element (parseXml refuses it before the root too, as an unknown declaration)', async () => {
    assert.equal(await outcome(() => parseXml('<![CDATA[x]]><a/>')), 'XML_FORBIDDEN');
    assert.equal(await outcome(() => checkXmlStream(pieces('<![CDATA[x]]><a/>', [3]), 'p.xml')), 'XML_MALFORMED');
    assert.equal(await outcome(() => checkXmlStream(pieces('<a/><![CDATA[x]]>', [3]), 'p.xml')), 'XML_MALFORMED');
  });

  it('names the part and the line, and refuses a piece of markup over its limit', async () => {
    const err = await checkXmlStream(pieces('<a>\n\n<b></c></a>', [5]), 'xl/worksheets/sheet1.xml').catch((e: DocumentError) => e);
    assert.ok(err instanceof DocumentError);
    assert.match(err.message, /^xl\/worksheets\/sheet1\.xml: end tag <\/c> does not match <b> \(near line 3\)$/);
    const long = `<a><b x="${'y'.repeat(5000)}"/></a>`;
    assert.equal(await outcome(() => checkXmlStream(pieces(long, Array.from({ length: 50 }, (_v, i) => (i + 1) * 100)), 'p.xml', { maxMarkup: 1000 })), 'LIMIT_EXCEEDED');
  });
});
