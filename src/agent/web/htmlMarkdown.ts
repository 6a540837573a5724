// HTML → the page's main content as Markdown: linkedom builds the DOM, Mozilla's
// Readability picks the article out of the navigation and boilerplate, Turndown
// writes Markdown. Before that, links and images are made absolute (so every link
// the model sees can be fetched as written) and everything a person would not
// see is dropped: scripts, styles, templates, comments, and elements surely hidden
// (`hidden`, `aria-hidden`, an inline display:none…); text hidden less surely (off
// screen, the background's colour, a stylesheet rule) is kept but marked as hidden
// (hiddenText.ts). Hidden text is where injected instructions like to hide.

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';
import { isSurelyHidden, markHiddenText, pageBackground, stylesheetHidden, type HiddenDomDocument } from './hiddenText';

/** The little of the DOM used here (the project compiles without the DOM library). */
interface DomNode {
  nodeType: number;
  childNodes: ArrayLike<DomNode>;
  textContent: string | null;
  remove(): void;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  innerHTML: string;
}
interface DomDocument {
  documentElement: DomNode | null;
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface MarkdownPage {
  title: string;
  markdown: string;
  /** Absolute http(s) links found anywhere on the page, in order, without repeats. */
  links: string[];
  /** Passages hidden from people that were kept, marked ⟦hidden text (why): … ⟧. */
  hiddenPassages: number;
}

/** Most links remembered per page (they become fetchable). */
export const MAX_PAGE_LINKS = 500;

export function htmlToMarkdown(html: string, pageUrl: URL): MarkdownPage {
  const document = parse(html);
  const base = baseUrl(document, pageUrl);
  // The stylesheet is read before it goes: which elements it hides, what is behind the text.
  const dom = document as unknown as HiddenDomDocument;
  const bySheet = stylesheetHidden(dom);
  const background = pageBackground(dom);
  for (const el of Array.from(document.querySelectorAll('script, style, noscript, template, iframe, object, embed, svg, canvas, form, input, button, select, textarea'))) el.remove();
  removeComments(document);
  for (const el of Array.from(dom.querySelectorAll('*'))) if (isSurelyHidden(el)) el.remove();
  const hiddenPassages = markHiddenText(dom, bySheet, background);
  const links: string[] = [];
  const seen = new Set<string>();
  for (const [selector, attr] of [
    ['a[href]', 'href'],
    ['img[src]', 'src'],
  ] as const) {
    for (const el of Array.from(document.querySelectorAll(selector))) {
      const absolute = absoluteUrl(el.getAttribute(attr) ?? '', base);
      if (!absolute) {
        if (attr === 'href') el.removeAttribute('href');
        continue;
      }
      el.setAttribute(attr, absolute);
      if (attr === 'href' && !seen.has(absolute) && links.length < MAX_PAGE_LINKS) {
        seen.add(absolute);
        links.push(absolute);
      }
    }
  }
  const fallbackTitle = (document.querySelector('title')?.textContent ?? '').trim();
  const bodyHtml = document.body?.innerHTML ?? html;
  let article: ReturnType<Readability['parse']> = null;
  try {
    article = new Readability(document as never, { charThreshold: 200 }).parse();
  } catch {
    article = null; // a page Readability cannot take is converted whole
  }
  const content = article?.content && (article.textContent ?? '').trim().length > 0 ? article.content : bodyHtml;
  const markdown = turndown()
    .turndown(content)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { title: (article?.title || fallbackTitle || pageUrl.href).trim(), markdown, links, hiddenPassages };
}

/** linkedom builds no body from a fragment (or no document element from bare text): wrap those. */
function parse(html: string): DomDocument {
  const first = (parseHTML(html) as unknown as { document: DomDocument }).document;
  if ((first.documentElement as { tagName?: string } | null)?.tagName?.toUpperCase() === 'HTML') return first;
  return (parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`) as unknown as { document: DomDocument }).document;
}

function turndown(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  // An image keeps its alt text, marked as such: alt text is page content too, and may be hostile.
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const alt = ((node as unknown as DomElement).getAttribute('alt') ?? '').trim();
      return alt ? `[image: ${alt.replace(/\s+/g, ' ')}]` : '';
    },
  });
  return service;
}

function baseUrl(document: DomDocument, pageUrl: URL): URL {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl);
  } catch {
    return pageUrl;
  }
}

function absoluteUrl(href: string, base: URL): string | undefined {
  const text = href.trim();
  if (!text || text.startsWith('#')) return undefined;
  try {
    const url = new URL(text, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

function removeComments(document: DomDocument): void {
  const stack: DomNode[] = document.documentElement ? [document.documentElement] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 8) child.remove();
      else if (child.nodeType === 1) stack.push(child);
    }
  }
}
