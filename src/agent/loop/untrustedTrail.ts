// The trail of untrusted content a task has read since the person last spoke, so a
// request for approval can say what came before it ("Read before this request: page
// https://…, file notes.md"). A planted instruction works by being read just before
// the agent asks for something; the person deciding should see where it could be.
//
// It is built from the task's events only, so a resumed task rebuilds it from its
// log: a tool.finished's `untrusted` sources (each tool names what it read: pages,
// files, connector output, command output, sub-agent reports) and web searches. The
// person speaking (the prompt, a redirect, an answer, plan feedback) starts it
// afresh. Re-reading a source moves it to the end; the list given out is capped.

import type { ReadBefore, TaskEventBody, UntrustedSource } from '../../shared/taskEvents';

/** Most sources an approval request lists (the rest are counted in `omitted`). */
export const READ_BEFORE_LIMIT = 6;
/** Longest label kept; longer ones are cut with an ellipsis. */
export const SOURCE_LABEL_CHARS = 160;

/** Most sources the trail keeps; older ones are only counted. */
const KEPT = 200;

export class UntrustedTrail {
  /** Unique by kind and label, oldest first. */
  private sources: UntrustedSource[] = [];
  /** Sources dropped from the front of a long trail. */
  private dropped = 0;

  observe(e: TaskEventBody): void {
    switch (e.type) {
      case 'task.created':
      case 'redirect':
      case 'question.answered':
        this.clear();
        return;
      case 'plan.decided':
        if (e.feedback?.trim()) this.clear();
        return;
      case 'tool.finished':
        for (const s of e.untrusted ?? []) this.add(s);
        return;
      case 'web.searched':
        if (!e.error) this.add({ kind: 'search', label: e.query });
        return;
      default:
        return;
    }
  }

  /**
   * What to show with a request: this trail's sources after `inherited` (a sub-agent's,
   * read before it asked through this task), deduplicated, the most recent kept.
   */
  readBefore(inherited?: ReadBefore): ReadBefore | undefined {
    const all: UntrustedSource[] = [];
    const seen = new Set<string>();
    // Newest last: walk from the end so a repeat keeps its latest position.
    const ordered = [...(inherited?.sources ?? []), ...this.sources];
    for (let i = ordered.length - 1; i >= 0; i--) {
      const k = key(ordered[i]);
      if (seen.has(k)) continue;
      seen.add(k);
      all.unshift(ordered[i]);
    }
    const omitted = (inherited?.omitted ?? 0) + this.dropped + Math.max(0, all.length - READ_BEFORE_LIMIT);
    if (all.length === 0 && omitted === 0) return undefined;
    return { sources: all.slice(-READ_BEFORE_LIMIT), omitted };
  }

  private add(s: UntrustedSource): void {
    const label = clean(s.label);
    if (!label) return;
    const source = { kind: s.kind, label };
    this.sources = this.sources.filter((x) => key(x) !== key(source));
    this.sources.push(source);
    if (this.sources.length > KEPT) {
      this.sources.shift();
      this.dropped++;
    }
  }

  private clear(): void {
    this.sources = [];
    this.dropped = 0;
  }
}

function key(s: UntrustedSource): string {
  return `${s.kind}\u0000${s.label}`;
}

/** One line, cut to SOURCE_LABEL_CHARS: a label is shown to the person, and it may be hostile too. */
function clean(label: string): string {
  const line = label.replace(/\s+/g, ' ').trim();
  return line.length > SOURCE_LABEL_CHARS ? `${line.slice(0, SOURCE_LABEL_CHARS - 1)}…` : line;
}
