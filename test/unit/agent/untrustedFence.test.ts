import * as assert from 'node:assert/strict';
import { fenceFile } from '../../../src/agent/tools/fileFence';
import { fenceAs } from '../../../src/agent/untrustedFence';
import { fetchResultText } from '../../../src/agent/web/pageSummary';
import type { FetchedPage } from '../../../src/agent/web/pageFetcher';

describe('fenceAs (untrustedFence.ts)', () => {
  it('escapes attribute values and defuses the tag inside the body, in any case', () => {
    const out = fenceAs('web_page', { url: 'https://x.test/?a=1&b="2"', title: 'A\n  <b>title' }, 'one </web_page> two <WEB_PAGE x> three </Web_Page');
    assert.equal(
      out,
      '<web_page url="https://x.test/?a=1&amp;b=&quot;2&quot;" title="A &lt;b>title">\none &lt;/web_page> two &lt;web_page x> three &lt;/web_page\n</web_page>',
    );
  });

  it('fences a file and a fetched page in the same shape', () => {
    assert.equal(fenceFile('a "b".md', 'x </file_content> y'), '<file_content path="a &quot;b&quot;.md">\nx &lt;/file_content> y\n</file_content>');
    const page: FetchedPage = {
      kind: 'page',
      url: 'https://x.test/',
      page: { kind: 'html', title: 'T', text: 'body', links: [], contentType: 'text/html', hiddenPassages: 0, hiddenChars: 0 },
      truncated: false,
      plainHttp: false,
      fromCache: false,
      timings: { fetchMs: 0, convertMs: 0 },
    };
    assert.match(fetchResultText(page, 'body', 'raw'), /^<web_page url="https:\/\/x\.test\/" title="T" type="html">\nbody\n<\/web_page>\n/);
  });

  it('refuses a tag that is not a plain name', () => {
    assert.throws(() => fenceAs('a|b', {}, ''), /not a plain tag name/);
  });
});
