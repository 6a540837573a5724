// A connector's form (MCP elicitation) as one card in the task's steps: a
// labelled control per field (text with its format, number with its range,
// a checkbox, a list of choices, several checkboxes for a multi-choice),
// defaults filled in, and Send / Decline / Cancel. The values go to the host,
// which checks them; what it refuses comes back as `formErrors` and is shown
// under each field while the card (and what was typed) stays as it is.

import { formatFormValue, type ElicitationForm, type FormAction, type FormField } from '../src/shared/elicitationForm';
import type { Step } from '../src/shared/sidebarState';
import { button, h, icon } from './dom';

/** The DOM event the app sends a form card with the host's messages per field. */
export const FORM_ERRORS_EVENT = 'cowork-form-errors';

export interface FormActions {
  answerForm(formId: string, action: FormAction, values?: Record<string, unknown>): void;
}

type Read = () => unknown;

export function formStep(s: Extract<Step, { kind: 'form' }>, open: boolean, actions: FormActions): HTMLElement {
  const form: ElicitationForm = s.form;
  const card = h(
    'div',
    { class: 'card form', attrs: { role: 'group', 'aria-label': `Form from ${form.server}`, 'data-form-id': s.formId } },
    h('div', { class: 'card-title' }, icon('plug'), h('span', { text: `${form.server} asks: ${form.message}` })),
  );
  if (s.action) {
    card.append(answered(s, form));
    return card;
  }
  if (!open) return card;
  const readers = new Map<string, Read>();
  const errors = new Map<string, HTMLElement>();
  const controls = new Map<string, HTMLElement>();
  form.fields.forEach((f, i) => {
    const id = `${s.formId}-f${i}`;
    const { control, read } = controlFor(f, id);
    readers.set(f.key, read);
    controls.set(f.key, control);
    const error = h('div', { class: 'form-error', attrs: { id: `${id}-error`, role: 'alert' } });
    error.hidden = true;
    errors.set(f.key, error);
    control.setAttribute('aria-describedby', `${id}-error`);
    const label = f.kind === 'boolean' ? null : h('label', { class: 'form-label', text: `${f.title}${f.required ? ' *' : ''}`, attrs: { for: id } });
    card.append(h('div', { class: `form-field form-${f.kind}` }, label, f.description ? h('div', { class: 'form-help', text: f.description }) : null, control, error));
  });
  const send = () => actions.answerForm(s.formId, 'accept', Object.fromEntries([...readers].map(([k, read]) => [k, read()])));
  card.append(
    h(
      'div',
      { class: 'row actions' },
      button('Send', { label: `Send the form to ${form.server}`, icon: 'send', onClick: send }),
      button('Decline', { label: 'Decline the form', appearance: 'secondary', icon: 'close', onClick: () => actions.answerForm(s.formId, 'decline') }),
      button('Cancel', { label: 'Cancel the form', appearance: 'secondary', icon: 'circle-slash', onClick: () => actions.answerForm(s.formId, 'cancel') }),
    ),
  );
  card.addEventListener(FORM_ERRORS_EVENT, (ev) => {
    const byKey = (ev as CustomEvent<Record<string, string>>).detail ?? {};
    let first: HTMLElement | undefined;
    for (const [key, el] of errors) {
      const message = byKey[key];
      el.textContent = message ?? '';
      el.hidden = !message;
      controls.get(key)?.setAttribute('aria-invalid', message ? 'true' : 'false');
      if (message && !first) first = controls.get(key);
    }
    (first?.querySelector('input') ?? first)?.focus();
  });
  return card;
}

function controlFor(f: FormField, id: string): { control: HTMLElement; read: Read } {
  switch (f.kind) {
    case 'text': {
      const type = f.format === 'email' ? 'email' : f.format === 'uri' ? 'url' : 'text';
      const placeholder = f.format === 'date' ? 'YYYY-MM-DD' : f.format === 'date-time' ? 'YYYY-MM-DDThh:mm:ssZ' : f.format === 'uri' ? 'https://' : '';
      const input = h('input', { class: 'form-input', attrs: { id, type, ...(placeholder ? { placeholder } : {}) } });
      if (f.default !== undefined) input.value = f.default;
      return { control: input, read: () => input.value };
    }
    case 'number': {
      // A text box, not type=number: the browser would turn "12abc" into "" and the host could not say why.
      const range = f.minimum !== undefined && f.maximum !== undefined ? `${f.minimum}–${f.maximum}` : f.minimum !== undefined ? `≥ ${f.minimum}` : f.maximum !== undefined ? `≤ ${f.maximum}` : '';
      const input = h('input', { class: 'form-input', attrs: { id, type: 'text', inputmode: f.integer ? 'numeric' : 'decimal', ...(range ? { placeholder: range } : {}) } });
      if (f.default !== undefined) input.value = String(f.default);
      return { control: input, read: () => input.value };
    }
    case 'boolean': {
      const box = h('input', { attrs: { id, type: 'checkbox' } });
      box.checked = f.default === true;
      const control = h('label', { class: 'form-check', attrs: { for: id } }, box, h('span', { text: `${f.title}${f.required ? ' *' : ''}` }));
      return { control, read: () => box.checked };
    }
    case 'choice': {
      const select = h('select', { class: 'form-input', attrs: { id } });
      if (f.default === undefined) select.append(h('option', { text: f.required ? 'Choose…' : '(none)', attrs: { value: '' } }));
      for (const o of f.options) select.append(h('option', { text: o.label, attrs: { value: o.value } }));
      select.value = f.default ?? '';
      return { control: select, read: () => select.value };
    }
    case 'multi': {
      const boxes = f.options.map((o, i) => {
        const box = h('input', { attrs: { id: `${id}-${i}`, type: 'checkbox', value: o.value } });
        box.checked = f.default?.includes(o.value) ?? false;
        return { box, el: h('label', { class: 'form-check', attrs: { for: `${id}-${i}` } }, box, h('span', { text: o.label })) };
      });
      const control = h('div', { class: 'form-multi', attrs: { id, role: 'group', 'aria-label': f.title } }, ...boxes.map((b) => b.el));
      return { control, read: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value) };
    }
  }
}

function answered(s: Extract<Step, { kind: 'form' }>, form: ElicitationForm): HTMLElement {
  if (s.action !== 'accept') {
    const text = s.withdrawn ? `Closed: the server withdrew its question (${form.server}); nothing was sent` : s.action === 'decline' ? 'Declined: nothing was sent' : 'Cancelled: nothing was sent';
    return h('div', { class: 'verdict verdict-rejected' }, icon('close'), h('span', { text }));
  }
  const sent = form.fields.filter((f) => s.values?.[f.key] !== undefined);
  return h(
    'div',
    {},
    h('div', { class: 'verdict verdict-approved' }, icon('check'), h('span', { text: `Sent to ${form.server}` })),
    sent.length ? h('dl', { class: 'form-sent' }, ...sent.flatMap((f) => [h('dt', { text: f.title }), h('dd', { text: formatFormValue(f, s.values![f.key]) })])) : null,
  );
}
