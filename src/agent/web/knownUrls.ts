// The URLs a task may fetch: those the person wrote (the prompt, a redirect, an
// answer to a question), those web search returned or cited, and links on pages
// already fetched (including a cross-host redirect's target). A URL the model
// made up, or assembled from folder content (the classic way to leak a file in a
// query string), is none of these and is refused. Hosts feed the task's events
// through `observe`, so a resumed task rebuilds the set from its log.

import type { TaskEventBody } from '../../shared/taskEvents';

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`{}|\\^]+/gi;

export class KnownUrls {
  private readonly urls = new Set<string>();

  /** Adds one URL (ignored when it is not an http(s) URL). */
  add(raw: string): void {
    const key = normalise(raw);
    if (key) this.urls.add(key);
  }

  addAll(urls: Iterable<string>): void {
    for (const u of urls) this.add(u);
  }

  /** Adds every http(s) URL written in a piece of the person's text. */
  addText(text: string): void {
    for (const m of text.matchAll(URL_IN_TEXT)) this.add(m[0].replace(/[.,;:!?)\]]+$/, ''));
  }

  has(raw: string): boolean {
    const key = normalise(raw);
    return key !== undefined && this.urls.has(key);
  }

  get size(): number {
    return this.urls.size;
  }

  /** Takes what the person said and what search found from the task's events. */
  observe(e: TaskEventBody): void {
    if (e.type === 'task.created') this.addText(e.prompt);
    else if (e.type === 'redirect') this.addText(e.text);
    else if (e.type === 'question.answered') this.addText(e.answer);
    else if (e.type === 'plan.decided' && e.feedback) this.addText(e.feedback);
    else if (e.type === 'web.searched') this.addAll(e.results.map((r) => r.url));
    else if (e.type === 'web.cited') this.addAll(e.sources.map((s) => s.url));
  }
}

/** http and https, a default port, a trailing dot and the fragment make no difference. */
function normalise(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  return `${url.hostname.replace(/\.$/, '')}${port}${url.pathname}${url.search}`;
}
