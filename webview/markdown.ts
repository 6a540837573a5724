// A small, safe Markdown subset for the model's text: headings, bullet and
// numbered lists, fenced code, **bold**, *italic* and `code`. Builds DOM nodes
// directly (never innerHTML), so model text can never become markup.

import { h } from './dom';

/** Inline spans: `code`, **bold**, *italic*; everything else is text. */
export function inline(text: string): Node[] {
  const out: Node[] = [];
  const re = /(`[^`\n]+`|\*\*[^*\n]+\*\*|\*[^*\s][^*\n]*\*)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    const t = m[0];
    if (t.startsWith('`')) out.push(h('code', { text: t.slice(1, -1) }));
    else if (t.startsWith('**')) out.push(h('strong', { text: t.slice(2, -2) }));
    else out.push(h('em', { text: t.slice(1, -1) }));
    last = m.index + t.length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

export function renderMarkdown(text: string): HTMLElement {
  const root = h('div', { class: 'md' });
  const lines = text.split('\n');
  let list: HTMLElement | null = null;
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) root.append(h('p', {}, ...inline(para.join('\n'))));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      flushPara();
      list = null;
      const code: string[] = [];
      while (++i < lines.length && !lines[i].startsWith('```')) code.push(lines[i]);
      root.append(h('pre', { text: code.join('\n') }));
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flushPara();
      list = null;
      root.append(h('div', { class: `md-h md-h${heading[1].length}` }, ...inline(heading[2])));
    } else if (bullet || numbered) {
      flushPara();
      const tag = bullet ? 'UL' : 'OL';
      if (!list || list.tagName !== tag) {
        list = h(bullet ? 'ul' : 'ol');
        root.append(list);
      }
      list.append(h('li', {}, ...inline((bullet ?? numbered)![1])));
    } else if (line.trim() === '') {
      flushPara();
      list = null;
    } else {
      list = null;
      para.push(line);
    }
  }
  flushPara();
  return root;
}
