// One DOM element per timeline step. Each step kind has its own small view;
// the timeline (timeline.ts) decides which steps are drawn and when.

import type { ApprovalScope, ChangeItem, ConflictChoice, FileTouch, Plan } from '../src/shared/taskEvents';
import { baseName, readBeforeText } from '../src/shared/format';
import type { Step } from '../src/shared/sidebarState';
import { conflictChoice, settledText, type ConflictChoices } from './conflictChoice';
import { button, h, icon, textArea } from './dom';
import { formStep, type FormActions } from './formCard';
import { renderMarkdown } from './markdown';

export interface StepActions extends FormActions {
  openFile(path: string): void;
  openLink(url: string): void;
  decidePlan(decision: 'approved' | 'edited' | 'rejected', feedback?: string): void;
  /** `choices`: for a batch with conflicting changes, how each is settled, by path. */
  decideApproval(approvalId: string, approved: boolean, scope?: ApprovalScope, choices?: Record<string, ConflictChoice>): void;
  answer(questionId: string, answer: string): void;
  /** Remembers which tool steps the person expanded, across redraws. */
  setExpanded(stepId: string, open: boolean): void;
  isExpanded(stepId: string): boolean;
}

/** Whether a step is the plan/approval/question/form the task is waiting on. */
export interface StepContext {
  open: boolean;
}

const TOUCH_ICONS: Record<FileTouch['action'], string> = { read: 'eye', created: 'new-file', modified: 'edit', deleted: 'trash', moved: 'arrow-right' };

/** A clickable file name that opens the file in its editor. */
export function fileChip(path: string, actions: StepActions, iconName = 'file', clickable = true): HTMLElement {
  const chip = h('button', { class: 'chip', title: path, attrs: { type: 'button', 'aria-label': `Open ${path}` } }, icon(iconName), h('span', { text: baseName(path) }));
  if (clickable) chip.addEventListener('click', () => actions.openFile(path));
  else {
    chip.disabled = true;
    chip.setAttribute('aria-label', path);
  }
  return chip;
}

function chipsOf(files: FileTouch[], actions: StepActions): HTMLElement | null {
  if (files.length === 0) return null;
  return h(
    'div',
    { class: 'chips' },
    ...files.map((f) => {
      const target = f.action === 'moved' && f.to ? f.to : f.path;
      const chip = fileChip(target, actions, TOUCH_ICONS[f.action], f.action !== 'deleted');
      chip.title = f.action === 'moved' ? `${f.path} → ${f.to ?? ''}` : `${f.action}: ${f.path}`;
      return chip;
    }),
  );
}

function toolStep(s: Extract<Step, { kind: 'tool' }>, actions: StepActions): HTMLElement {
  const stateIcon = s.state === 'running' ? icon('loading', 'codicon-modifier-spin') : s.state === 'ok' ? icon('check', 'ok') : icon('error', 'bad');
  const details = h(
    'details',
    { class: `tool tool-${s.state}` },
    h('summary', {}, stateIcon, h('span', { class: 'tool-name', text: s.name }), h('span', { class: 'tool-summary', text: s.summary })),
    s.input ? h('div', { class: 'io' }, h('div', { class: 'io-label', text: 'Input' }), h('pre', { text: s.input })) : null,
    s.result !== undefined ? h('div', { class: 'io' }, h('div', { class: 'io-label', text: 'Result' }), h('div', { text: s.result })) : null,
    s.output ? h('pre', { class: 'output', text: s.output }) : null,
  );
  details.open = actions.isExpanded(s.id);
  details.addEventListener('toggle', () => actions.setExpanded(s.id, details.open));
  return h('div', {}, details, chipsOf(s.files, actions));
}

/** A sub-agent's lane: collapsible, its steps as lines, then its report and the files it wrote. */
function subAgentStep(s: Extract<Step, { kind: 'subagent' }>, actions: StepActions): HTMLElement {
  const stateIcon =
    s.state === 'running' ? icon('loading', 'codicon-modifier-spin') : s.state === 'done' ? icon('check', 'ok') : s.state === 'failed' ? icon('error', 'bad') : icon('circle-slash');
  const cost = s.usage ? ` · $${s.usage.costUsd.toFixed(4)}` : '';
  const lane = h(
    'details',
    { class: `subagent subagent-${s.state}` },
    h('summary', {}, stateIcon, h('span', { class: 'tool-name', text: s.name }), h('span', { class: 'tool-summary', text: `${s.model}${cost}` })),
    h('div', { class: 'io' }, h('div', { class: 'io-label', text: 'Brief' }), h('div', { text: s.brief })),
    s.lines.length ? h('ul', { class: 'lane' }, ...s.lines.map((l) => h('li', { class: `lane-${l.state}`, text: l.text }))) : null,
    s.report !== undefined ? h('div', { class: 'io' }, h('div', { class: 'io-label', text: 'Report' }), h('pre', { text: s.report })) : null,
  );
  lane.open = actions.isExpanded(s.id);
  lane.addEventListener('toggle', () => actions.setExpanded(s.id, lane.open));
  return h('div', {}, lane, chipsOf(s.files.map((path) => ({ path, action: 'modified' as const })), actions));
}

function fileList(label: string, files: string[], iconName: string, actions: StepActions): HTMLElement | null {
  if (files.length === 0) return null;
  return h('div', { class: 'plan-files' }, h('div', { class: 'io-label', text: label }), h('div', { class: 'chips' }, ...files.map((f) => fileChip(f, actions, iconName, label !== 'Create'))));
}

function planStep(s: Extract<Step, { kind: 'plan' }>, ctx: StepContext, actions: StepActions): HTMLElement {
  const p: Plan = s.plan;
  const card = h(
    'div',
    { class: 'card plan', attrs: { role: 'group', 'aria-label': 'Proposed plan' } },
    h('div', { class: 'card-title' }, icon('lightbulb'), h('span', { text: 'Proposed approach' })),
    h('p', { text: p.summary }),
    p.steps.length ? h('ol', {}, ...p.steps.map((st) => h('li', { text: st }))) : null,
    fileList('Read', p.reads, 'eye', actions),
    fileList('Create', p.creates, 'new-file', actions),
    fileList('Change', p.changes, 'edit', actions),
    fileList('Delete', p.deletes, 'trash', actions),
  );
  if (s.decision) {
    const verdict = { approved: 'Plan approved', edited: 'Changes requested', rejected: 'Plan rejected' }[s.decision];
    card.append(h('div', { class: `verdict verdict-${s.decision}` }, icon(s.decision === 'rejected' ? 'close' : 'check'), h('span', { text: s.feedback ? `${verdict}: ${s.feedback}` : verdict })));
    return card;
  }
  if (!ctx.open) return card;
  const feedback = textArea('Plan feedback', { rows: 3, placeholder: 'What should change in this plan?', onSubmit: () => sendEdit() });
  const feedbackRow = h('div', { class: 'feedback' }, feedback, button('Send feedback', { label: 'Send plan feedback', onClick: () => sendEdit() }));
  feedbackRow.hidden = true;
  const sendEdit = () => {
    if (feedback.value.trim()) actions.decidePlan('edited', feedback.value.trim());
    else feedback.focus();
  };
  card.append(
    h(
      'div',
      { class: 'row actions' },
      button('Approve', { label: 'Approve plan', icon: 'check', onClick: () => actions.decidePlan('approved') }),
      button('Edit', {
        label: 'Edit plan',
        appearance: 'secondary',
        icon: 'edit',
        onClick: () => {
          feedbackRow.hidden = false;
          feedback.focus();
        },
      }),
      button('Reject', { label: 'Reject plan', appearance: 'secondary', icon: 'close', onClick: () => actions.decidePlan('rejected') }),
    ),
    feedbackRow,
  );
  return card;
}

function diffView(diff: string): HTMLElement {
  const pre = h('pre', { class: 'diff' });
  for (const line of diff.split('\n')) {
    const cls = line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    pre.append(h('span', { class: cls, text: `${line}\n` }));
  }
  return pre;
}

const CHANGE_ICONS: Record<ChangeItem['kind'], string> = { added: 'diff-added', modified: 'diff-modified', deleted: 'diff-removed', renamed: 'diff-renamed' };

/** One change of a batch; a conflicting one also gets its note and, while open, its choice. */
function changeItem(item: ChangeItem, actions: StepActions, open: boolean, chosen: ConflictChoices): HTMLElement {
  const label = item.kind === 'renamed' && item.from ? `${item.from} → ${item.path}` : item.path;
  const head = h('div', { class: `change change-${item.kind}` }, icon(CHANGE_ICONS[item.kind]), h('span', { class: 'change-kind', text: item.kind }), fileChip(item.path, actions, 'file', item.kind !== 'deleted'));
  head.title = label;
  const conflict = item.conflict ? conflictChoice(item.path, item.conflict, open, chosen) : null;
  if (!item.diff && !conflict) return head;
  return h('div', {}, head, conflict, item.diff ? h('details', { class: 'diff-box' }, h('summary', { text: 'Show diff' }), diffView(item.diff)) : null);
}

function approvalStep(s: Extract<Step, { kind: 'approval' }>, ctx: StepContext, actions: StepActions): HTMLElement {
  const call = 'toolCall' in s ? s.toolCall : undefined;
  const items = 'batch' in s ? s.batch.items : [];
  const undecided = ctx.open && s.approved === undefined;
  const chosen: ConflictChoices = new Map();
  const card = call
    ? h(
        'div',
        { class: 'card approval', attrs: { role: 'group', 'aria-label': 'Tool call to allow' } },
        h('div', { class: 'card-title' }, icon('shield'), h('span', { text: call.reason })),
        call.connector
          ? h('div', { class: 'tool-call connector-call' }, icon('plug'), h('span', { class: 'tool-name', text: call.connector.tool }), h('span', { class: 'tool-summary', text: `connector ${call.connector.server}` }))
          : h('div', { class: 'tool-call' }, h('span', { class: 'tool-name', text: call.name }), h('span', { class: 'tool-summary', text: call.summary })),
        h('div', { class: 'io' }, h('div', { class: 'io-label', text: 'Input' }), h('pre', { text: inputText(call.input) })),
      )
    : h(
        'div',
        { class: 'card approval', attrs: { role: 'group', 'aria-label': 'Changes to approve' } },
        h('div', { class: 'card-title' }, icon('diff'), h('span', { text: ('batch' in s && s.batch.summary) || 'Changes to your folder' })),
        h('div', { class: 'changes' }, ...items.map((i) => changeItem(i, actions, undecided, chosen))),
      );
  // Where a planted instruction behind this request could have come from.
  if (s.readBefore) {
    card.append(
      h('div', { class: 'read-before', attrs: { role: 'note', 'aria-label': 'Read before this request' } }, icon('warning'), h('span', { text: `Read before this request: ${readBeforeText(s.readBefore)}` })),
    );
  }
  const scoped = call?.scopes && call.scopes.length > 1 ? call.scopes : undefined;
  const [yes, no, done, refused] = call ? [scoped ? 'Allow once' : 'Allow call', 'Refuse call', 'Call allowed', 'Call refused'] : ['Approve changes', 'Refuse changes', 'Changes applied', 'Changes refused'];
  if (s.approved !== undefined) {
    const always = call?.domain ? `Always allowed: ${call.domain}` : 'Always allowed';
    const verdict = s.approved ? (s.scope === 'task' ? 'Allowed for this task' : s.scope === 'always' ? always : done) : refused;
    card.append(h('div', { class: `verdict verdict-${s.approved ? 'approved' : 'rejected'}` }, icon(s.approved ? 'check' : 'close'), h('span', { text: verdict })));
    if (s.approved) {
      for (const i of items.filter((x) => x.conflict)) card.append(h('div', { class: 'verdict conflict-settled' }, icon('git-merge'), h('span', { text: settledText(i.path, s.choices?.[i.path]) })));
    }
  } else if (ctx.open) {
    // Wider yeses only where the tool offers them (mail and calendar tools ask every time).
    const wider = (scoped ?? []).filter((x) => x !== 'once').map((x) => {
      // A domain question names the domain ("Always allow example.com"); a tool's names the tool.
      const label = call?.domain ? (x === 'task' ? 'For this task' : `Always allow ${call.domain}`) : x === 'task' ? 'Allow for this task' : 'Always allow this tool';
      return button(label, { label, appearance: 'secondary', icon: x === 'task' ? 'check-all' : 'pass-filled', onClick: () => actions.decideApproval(s.approvalId, true, x) });
    });
    card.append(
      h(
        'div',
        { class: 'row actions' },
        button(yes, { label: yes, icon: 'check', onClick: () => actions.decideApproval(s.approvalId, true, scoped ? 'once' : undefined, chosen.size > 0 ? Object.fromEntries(chosen) : undefined) }),
        ...wider,
        button(no, { label: no, appearance: 'secondary', icon: 'close', onClick: () => actions.decideApproval(s.approvalId, false) }),
      ),
    );
  }
  return card;
}

/** A tool call's input as the person reads it: pretty JSON, cut short when huge. */
function inputText(input: unknown): string {
  const text = JSON.stringify(input, null, 2) ?? String(input);
  return text.length > 4000 ? `${text.slice(0, 4000)}\n…` : text;
}

function questionStep(s: Extract<Step, { kind: 'question' }>, ctx: StepContext, actions: StepActions): HTMLElement {
  const card = h('div', { class: 'card question', attrs: { role: 'group', 'aria-label': 'Question' } }, h('div', { class: 'card-title' }, icon('comment-discussion'), h('span', { text: s.question })));
  if (s.answer !== undefined) {
    card.append(h('div', { class: 'verdict' }, icon('reply'), h('span', { text: s.answer })));
    return card;
  }
  if (!ctx.open) return card;
  if (s.choices.length) {
    card.append(h('div', { class: 'row choices' }, ...s.choices.map((c) => button(c, { appearance: 'secondary', onClick: () => actions.answer(s.questionId, c) }))));
  }
  const box = textArea('Answer', { rows: 2, placeholder: s.choices.length ? 'Or type another answer' : 'Your answer', onSubmit: () => send() });
  const send = () => {
    if (box.value.trim()) actions.answer(s.questionId, box.value.trim());
    else box.focus();
  };
  card.append(h('div', { class: 'feedback' }, box, button('Send', { label: 'Send answer', onClick: send })));
  return card;
}

/** A web page as a link that opens in the browser (the webview itself never navigates). */
function pageLink(title: string, url: string, actions: StepActions): HTMLElement {
  const link = h('a', { class: 'web-link', text: title, title: url, attrs: { href: '#', role: 'link' } });
  link.addEventListener('click', (ev) => {
    ev.preventDefault();
    actions.openLink(url);
  });
  return h('span', {}, link, h('span', { class: 'web-host', text: ` ${hostOf(url)}` }));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function searchStep(s: Extract<Step, { kind: 'search' }>, actions: StepActions): HTMLElement {
  const head = h('div', { class: 'search-head' }, icon('search'), h('span', { text: s.error ? `Web search "${s.query}" failed: ${s.error}` : `Searched the web: "${s.query}" (${s.results.length} results)` }));
  if (s.error || s.results.length === 0) return h('div', { class: `search ${s.error ? 'error' : ''}` }, head);
  return h('div', { class: 'search' }, head, h('ul', { class: 'search-results' }, ...s.results.map((r) => h('li', {}, pageLink(r.title, r.url, actions), ...(r.pageAge ? [h('span', { class: 'web-age', text: ` · ${r.pageAge}` })] : [])))));
}

function sourcesStep(s: Extract<Step, { kind: 'sources' }>, actions: StepActions): HTMLElement {
  return h(
    'div',
    { class: 'sources' },
    h('div', { class: 'sources-head' }, icon('quote'), h('span', { text: s.sources.length === 1 ? 'Source' : `Sources (${s.sources.length})` })),
    h('ul', {}, ...s.sources.map((c) => h('li', {}, pageLink(c.title, c.url, actions), h('blockquote', { text: c.citedText })))),
  );
}

/** Builds the element for one step. */
export function renderStep(s: Step, ctx: StepContext, actions: StepActions): HTMLElement {
  let body: HTMLElement;
  switch (s.kind) {
    case 'text':
      body = h('div', { class: 'text' }, renderMarkdown(s.text));
      break;
    case 'tool':
      body = toolStep(s, actions);
      break;
    case 'output':
      body = h('div', { class: 'output-created' }, icon('new-file'), h('span', { text: 'Created ' }), fileChip(s.path, actions, 'file'));
      break;
    case 'plan':
      body = planStep(s, ctx, actions);
      break;
    case 'approval':
      body = approvalStep(s, ctx, actions);
      break;
    case 'question':
      body = questionStep(s, ctx, actions);
      break;
    case 'form':
      body = formStep(s, ctx.open, actions);
      break;
    case 'redirect':
      body = h('div', { class: 'redirect' }, icon('arrow-right'), h('span', { text: `You: ${s.text}` }));
      break;
    case 'search':
      body = searchStep(s, actions);
      break;
    case 'sources':
      body = sourcesStep(s, actions);
      break;
    case 'retry':
      body = h('div', { class: 'retry' }, icon('sync'), h('span', { text: `Retrying in ${Math.max(1, Math.round(s.delayMs / 1000))}s (attempt ${s.attempt}): ${s.reason}` }));
      break;
    case 'error':
      body = h('div', { class: `error ${s.fatal ? 'fatal' : ''}`, attrs: { role: s.fatal ? 'alert' : 'note' } }, icon('error'), h('span', { text: s.message }));
      break;
    case 'subagent':
      body = subAgentStep(s, actions);
      break;
    case 'finished': {
      const text = { done: 'Done', failed: 'Failed', cancelled: 'Cancelled' }[s.outcome];
      body = h('div', { class: `finished finished-${s.outcome}` }, icon(s.outcome === 'done' ? 'pass' : s.outcome === 'failed' ? 'error' : 'circle-slash'), h('span', { text: s.message ? `${text}: ${s.message}` : text }));
      break;
    }
  }
  return h('li', { class: `step step-${s.kind}`, attrs: { 'data-step': s.id } }, body);
}
