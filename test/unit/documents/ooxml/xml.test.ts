// The strict XML parser: entity tricks and DOCTYPE refused, depth limited, errors with
// line numbers, and a tree that serialises back to equivalent XML.

import * as assert from 'node:assert/strict';
import { DocumentError, parseXml, serializeXml } from '../../../../src/documents/ooxml';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DocumentError, String(err));
    return err.code;
  }
  assert.fail('expected an error');
}

describe('documents/ooxml xml', () => {
  it('refuses billion laughs quickly', () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><lolz>&lol2;</lolz>';
    const t = Date.now();
    assert.equal(code(() => parseXml(lol)), 'XML_FORBIDDEN');
    // Refused before expanding anything; the bound only catches an expansion (not a speed target).
    assert.ok(Date.now() - t < 5_000);
  });

  it('refuses external entities and undeclared entities', () => {
    assert.equal(code(() => parseXml('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')), 'XML_FORBIDDEN');
    assert.equal(code(() => parseXml('<a>&xxe;</a>')), 'XML_FORBIDDEN');
    assert.equal(code(() => parseXml('<a b="&xxe;"/>')), 'XML_FORBIDDEN');
  });

  it('limits nesting depth', () => {
    const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
    assert.equal(code(() => parseXml(deep, { maxDepth: 256 })), 'LIMIT_EXCEEDED');
    assert.equal(parseXml('<a>'.repeat(100) + '</a>'.repeat(100)).root.name, 'a');
  });

  it('reports malformed XML with a line number', () => {
    for (const bad of ['<a><b></a>', '<a>', '<a x=1/>', '<a x="1" x="2"/>', '<a/><b/>', 'text<a/>', '<a>&</a>', '<a x="<"/>']) {
      try {
        parseXml(bad, { part: 'word/document.xml' });
        assert.fail(`parsed ${bad}`);
      } catch (err) {
        assert.equal((err as DocumentError).code, 'XML_MALFORMED', bad);
        assert.match((err as Error).message, /word\/document\.xml: .*\(line \d+\)/);
      }
    }
  });

  it('decodes entities and character references and writes them back escaped', () => {
    const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a t="x &amp; &quot;y&quot;">&lt;b&gt; &#233;&#x263A; <!-- c --><![CDATA[<raw>]]></a>');
    const a = doc.root;
    assert.equal(a.attrs.t, 'x & "y"');
    assert.equal(a.children[0].type === 'text' && a.children[0].text, '<b> é☺ ');
    const out = serializeXml(doc);
    assert.equal(out, '<?xml version="1.0" encoding="UTF-8"?>\n<a t="x &amp; &quot;y&quot;">&lt;b&gt; é☺ <!-- c --><![CDATA[<raw>]]></a>');
    assert.deepEqual(parseXml(out), doc);
  });

  it('keeps attribute order, namespaces and whitespace text', () => {
    const src = '<w:p xmlns:w="urn:w" w:rsidR="1" a="2"><w:r><w:t xml:space="preserve">  two  spaces </w:t></w:r></w:p>';
    assert.equal(serializeXml(parseXml(src)), src);
  });

  it('reads UTF-16 parts', () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a>ü</a>', 'utf16le')]);
    const doc = parseXml(buf);
    assert.equal(doc.root.children[0].type === 'text' && doc.root.children[0].text, 'ü');
    assert.match(serializeXml(doc), /encoding="UTF-8"/);
  });
});
