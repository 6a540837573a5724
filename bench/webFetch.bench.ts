// Web fetch benchmark: fetch-and-read latency split into fetch, conversion and
// summarisation, and the tokens the main agent receives per page against the page's
// raw Markdown (the saving is the figure). Pages are generated (a long blog post in
// a typical theme with navigation, sidebar, comments and scripts; a documentation
// page with code and a table) and served by a local HTTP server on 127.0.0.1.
// Yardsticks in the same run: a bare Node http.get of the same page, pair by pair,
// for the fetch; the page's Markdown (what the agent gets with summarise off) and
// its HTML for the tokens. The small model is the scripted model server (no model
// time), so "summarise" is the SDK round trip and request building only.
//
//   npx tsx bench/webFetch.bench.ts
import Anthropic from '@anthropic-ai/sdk';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { WebFetcher, type FetchedPage } from '../src/agent/web/pageFetcher';
import { fetchResultText, rawBody, SUMMARY_SYSTEM, summaryRequestText } from '../src/agent/web/pageSummary';
import { startModelServer } from '../test/model-server';
import { startWebServer } from '../test/support/webTestServer';
import { percentile, writeResultsSection } from './results';

const RUNS = 30;
const MODEL = 'claude-haiku-5-5';
const ANSWER =
  'The post was published on 2026-11-20 by Ana Ruiz. It recommends planting tulip bulbs 15-20 cm deep and 10 cm apart once the soil has thawed, ' +
  'lists three early varieties (Apricot Beauty, Purissima, Early Harvest) that flower in late March, and says to water once after planting. ' +
  'It does not mention fertiliser.\n- Crocus post: https://blog.example/posts/crocus\n- Planting calendar: https://blog.example/calendar';

function words(n: number, seed: number): string {
  const vocab = ['garden', 'bulb', 'soil', 'spring', 'water', 'plant', 'flower', 'deep', 'season', 'colour', 'bed', 'frost', 'root', 'sun', 'shade', 'leaf'];
  return Array.from({ length: n }, (_, i) => vocab[(i * 7 + seed) % vocab.length]).join(' ');
}

function blogPage(): string {
  const nav = Array.from({ length: 40 }, (_, i) => `<li><a href="/category/${i}">Category ${i}</a></li>`).join('');
  const paragraphs = Array.from({ length: 30 }, (_, i) => `<p>${words(90, i)}, and ${words(20, i + 3)}.</p>`).join('\n');
  const comments = Array.from({ length: 25 }, (_, i) => `<div class="comment"><b>Reader ${i}</b><p>${words(30, i + 9)}</p></div>`).join('');
  const scripts = Array.from({ length: 8 }, (_, i) => `<script>window.__t${i}=${JSON.stringify(words(200, i))};</script>`).join('');
  return `<!doctype html><html><head><title>Tulips in March — Garden notes</title><style>${'.a{color:red}'.repeat(400)}</style>${scripts}</head>
<body><header><nav><ul>${nav}</ul></nav></header><aside><h3>Popular</h3><ul>${nav}</ul><div class="ad">Buy seeds now</div></aside>
<article><h1>Tulips in March</h1><p class="byline">By Ana Ruiz, 2026-11-20</p>${paragraphs}</article>
<section class="comments">${comments}</section><footer>${nav}</footer></body></html>`;
}

function docsPage(): string {
  const sections = Array.from({ length: 12 }, (_, i) => `<h2>Option ${i}</h2><p>${words(60, i)}.</p><pre><code>cowork run --option-${i} value\n# ${words(12, i)}</code></pre>
<table><tr><th>Name</th><th>Default</th><th>Meaning</th></tr>${Array.from({ length: 6 }, (_, r) => `<tr><td>opt${i}.${r}</td><td>${r}</td><td>${words(8, r)}</td></tr>`).join('')}</table>`).join('\n');
  const toc = Array.from({ length: 120 }, (_, i) => `<li><a href="/docs/page-${i}">Page ${i}</a></li>`).join('');
  return `<!doctype html><html><head><title>Options reference</title></head><body><nav class="toc"><ul>${toc}</ul></nav><main><h1>Options reference</h1>${sections}</main></body></html>`;
}

function bareGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const site = await startWebServer();
  const pages = { 'blog post': blogPage(), 'docs page': docsPage() };
  for (const [name, html] of Object.entries(pages)) site.route(`/${name.replace(' ', '-')}`, (_q, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  const model = await startModelServer({ transcript: Array.from({ length: RUNS * 2 }, () => ({ reply: { content: [{ type: 'text' as const, text: ANSWER }] } })) });
  const client = new Anthropic({ apiKey: 'bench', baseURL: model.url, maxRetries: 0 });
  const tokens = async (text: string) => (await client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: text }] })).input_tokens;
  const empty = await tokens('');
  const lines: string[] = [];
  const table: string[] = ['| Page | HTML chars | Markdown chars | fetch p50 ms | bare http.get p50 ms | fetch / bare (median of pairs) | convert p50 ms | summarise p50 ms |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  const tokenTable: string[] = ['| Page | HTML tokens | Markdown tokens (summarise off, first 30 000 chars) | Agent receives (small model\'s answer, fenced) | Saving against the Markdown |', '|---|---:|---:|---:|---:|'];
  try {
    for (const name of Object.keys(pages)) {
      const url = `${site.origin}/${name.replace(' ', '-')}`;
      const fetchMs: number[] = [];
      const convertMs: number[] = [];
      const bareMs: number[] = [];
      const ratios: number[] = [];
      const summariseMs: number[] = [];
      let last: FetchedPage | undefined;
      for (let i = 0; i < RUNS; i++) {
        // A fresh fetcher each run: no cache, robots.txt (a 404 here) read each time, as on a first visit.
        const fetcher = new WebFetcher({ allowPrivateAddresses: ['127.0.0.1'], cacheTtlMs: 1 });
        const got = await fetcher.fetch(url);
        if (got.kind !== 'page') throw new Error(`${name}: expected a page`);
        const bare = await bareGet(url);
        fetchMs.push(got.timings.fetchMs);
        convertMs.push(got.timings.convertMs);
        bareMs.push(bare);
        ratios.push(got.timings.fetchMs / bare);
        const started = performance.now();
        await client.messages.create({ model: MODEL, max_tokens: 1024, system: SUMMARY_SYSTEM, messages: [{ role: 'user', content: summaryRequestText(got, 'When was it published and how deep should bulbs go?') }] });
        summariseMs.push(performance.now() - started);
        last = got;
      }
      const page = last!;
      table.push(`| ${name} | ${pages[name as keyof typeof pages].length} | ${page.page.text.length} | ${percentile(fetchMs, 50).toFixed(1)} | ${percentile(bareMs, 50).toFixed(1)} | ${percentile(ratios, 50).toFixed(1)}× | ${percentile(convertMs, 50).toFixed(1)} | ${percentile(summariseMs, 50).toFixed(1)} |`);
      const htmlTokens = (await tokens(pages[name as keyof typeof pages])) - empty;
      const rawTokens = (await tokens(fetchResultText(page, rawBody(page), 'raw'))) - empty;
      const answerTokens = (await tokens(fetchResultText(page, ANSWER, 'summary'))) - empty;
      tokenTable.push(`| ${name} | ${htmlTokens} | ${rawTokens} | ${answerTokens} | ${(rawTokens / answerTokens).toFixed(1)}× fewer (${(100 * (1 - answerTokens / rawTokens)).toFixed(0)} %) |`);
    }
  } finally {
    await site.close();
    await model.close();
  }
  lines.push(
    `${RUNS} runs per page against a local HTTP server on 127.0.0.1 (an http:// URL: the https attempt fails fast and the fetch falls back, as for any plain-http site). "fetch" is WebFetcher from the request to the last body byte (https attempt, robots.txt, the page); "bare http.get" is Node's http.get of the same URL, run after it in each pair; "convert" is linkedom + Readability + Turndown; "summarise" is the small-model request through the real SDK to the scripted model server, which answers at once (real model time is not in it).`,
    '',
    ...table,
    '',
    'Tokens: count_tokens of the scripted model server (estimate: ceil(chars / 4) of the request JSON), an empty message subtracted. The answer is a fixed 560-character reply, a typical length for one question; the small model is capped at 1,024 output tokens, so what the agent receives per page is at most about 1,100 tokens whatever the page size.',
    '',
    ...tokenTable,
  );
  writeResultsSection('Web fetch', `${lines.join('\n')}\n\nReproduce: \`npx tsx bench/webFetch.bench.ts\`.`);
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
