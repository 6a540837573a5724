// Generates the DOCX benchmark document: about 300 pages of contract-like prose (Letter,
// 11 pt) with exactly REVISIONS tracked changes of every common kind (insertions,
// deletions, replacements, formatting changes, deleted paragraph marks, moves, inserted
// table rows) by four authors, headings, lists, tables and comments. Deterministic.
//
//   npx tsx bench/docxGenerate.ts OUT.docx [--revisions 3000] [--paragraphs 3300]

import { writeFileSync } from 'node:fs';
import { buildDocx, del, delRun, ins, markDel, moveFrom, moveTo, para, run, who } from '../test/support/docxBuilder';

const WORDS = (
  'the parties agree that supplier shall deliver services described in schedule within time period stated customer ' +
  'will pay fees invoiced monthly in arrears subject to liability cap equal to twelve months fees except for breach ' +
  'of confidentiality intellectual property created under this agreement vests in customer upon payment renewal term ' +
  'automatically extends unless either party gives ninety days written notice termination for convenience requires'
).split(' ');
const AUTHORS = ['Ana Lopez', 'Ben Okafor', 'Chen Wei', 'Dana Smith'];

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedDoc {
  data: Buffer;
  paragraphs: number;
  revisions: number;
  comments: number;
}

export type ChangeKind = 'move' | 'markDel' | 'rowIns' | 'format' | 'replace';

export function generateBenchDocx(opts: { revisions?: number; paragraphs?: number; exclude?: ChangeKind[]; comments?: boolean } = {}): GeneratedDoc {
  const ex = new Set(opts.exclude ?? []);
  const target = opts.revisions ?? 3000;
  const paragraphs = opts.paragraphs ?? 3000;
  const rand = rng(42);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  let id = 100;
  let revisions = 0;
  let comments = 0;
  const commentXml: string[] = [];
  const body: string[] = [];
  const author = () => AUTHORS[Math.floor(rand() * AUTHORS.length)];
  // One change site per paragraph until the target is reached (some sites make two).
  const every = Math.max(1, Math.floor(paragraphs / (target * 0.9)));
  for (let i = 0; i < paragraphs; i++) {
    if (i % 25 === 0) {
      body.push(para(run(`${Math.floor(i / 25) + 1}. ${words(3).replace(/^./, (c) => c.toUpperCase())}`), '<w:pStyle w:val="Heading1"/>'));
    }
    if (i % 220 === 110) {
      const rows = Array.from({ length: 6 }, (_, r) => {
        const trPr = r === 5 && revisions < target && !ex.has('rowIns') ? `<w:trPr><w:ins ${who(id++, author())}/></w:trPr>` : '';
        if (trPr) revisions++;
        return `<w:tr>${trPr}${[0, 1, 2].map((c) => `<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>${para(run(`${words(2)} ${r}.${c}`))}</w:tc>`).join('')}</w:tr>`;
      });
      body.push(`<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>${rows.join('')}</w:tbl>`);
    }
    const before = words(18 + Math.floor(rand() * 10));
    const after = words(18 + Math.floor(rand() * 10));
    let middle = run(` ${words(4)} `);
    let pPr = '';
    if (i % every === 0 && revisions < target) {
      const kind = Math.floor(rand() * 100);
      const a = author();
      if (kind < 35) {
        middle = run(' ') + ins(id++, a, run(words(5))) + run(' ');
        revisions++;
      } else if (kind < 60) {
        middle = run(' ') + del(id++, a, delRun(words(5))) + run(' ');
        revisions++;
      } else if (kind < 80 && revisions + 2 <= target && !ex.has('replace')) {
        middle = run(' ') + del(id++, a, delRun(words(3))) + ins(id++, a, run(words(3))) + run(' ');
        revisions += 2;
      } else if (kind < 90 && !ex.has('format')) {
        middle = run(' ') + `<w:r><w:rPr><w:b/><w:rPrChange ${who(id++, a)}><w:rPr/></w:rPrChange></w:rPr><w:t>${words(4)}</w:t></w:r>` + run(' ');
        revisions++;
      } else if (kind < 95 && !ex.has('markDel')) {
        pPr = markDel(id++, a);
        revisions++;
      } else if (kind >= 95 && revisions + 2 <= target && !ex.has('move')) {
        const name = `move${id}`;
        const moved = words(4);
        const rangeAttrs = (rid: number) => `w:id="${rid}" w:name="${name}" w:author="${a}" w:date="2024-05-01T10:00:00Z"`;
        const fromR = id++;
        const toR = id++;
        middle = run(' ') + `<w:moveFromRangeStart ${rangeAttrs(fromR)}/>` + moveFrom(id++, a, run(moved)) + `<w:moveFromRangeEnd w:id="${fromR}"/>` + run(' ');
        body.push(para(run(before) + middle + run(after)));
        body.push(para(run(words(8) + ' ') + `<w:moveToRangeStart ${rangeAttrs(toR)}/>` + moveTo(id++, a, run(moved)) + `<w:moveToRangeEnd w:id="${toR}"/>`));
        revisions += 2;
        continue;
      }
    }
    let text = run(before) + middle + run(after);
    if (i % 60 === 30 && opts.comments !== false) {
      const cid = comments++;
      text = run(before) + `<w:commentRangeStart w:id="${cid}"/>` + middle + `<w:commentRangeEnd w:id="${cid}"/><w:r><w:commentReference w:id="${cid}"/></w:r>` + run(after);
      commentXml.push(`<w:comment w:id="${cid}" w:author="${author()}" w:date="2024-05-02T09:00:00Z"><w:p><w:r><w:t>Please check this clause (${cid}).</w:t></w:r></w:p></w:comment>`);
    }
    body.push(para(text, pPr));
  }
  // Top up with insertions at the end if the random mix fell short.
  while (revisions < target) {
    body.push(para(run(words(10) + ' ') + ins(id++, author(), run(words(6)))));
    revisions++;
  }
  const data = buildDocx({ body: body.join(''), comments: commentXml.join('') });
  return { data, paragraphs: body.length, revisions, comments };
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: npx tsx bench/docxGenerate.ts OUT.docx [--revisions N] [--paragraphs N]\n');
    process.exit(2);
  }
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const g = generateBenchDocx({ revisions: arg('--revisions'), paragraphs: arg('--paragraphs') });
  writeFileSync(out, g.data);
  process.stdout.write(`${out}: ${g.paragraphs} paragraphs, ${g.revisions} tracked changes, ${g.comments} comments, ${g.data.length} bytes\n`);
}
