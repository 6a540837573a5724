// Tiny DOM helpers: build elements without innerHTML (model and tool text is
// never parsed as HTML), codicons, and the toolkit's button and text area.

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[K]) => void }>;
}

function apply(el: HTMLElement, props: Props | undefined, children: Child[]): void {
  if (props?.class) el.className = props.class;
  if (props?.text !== undefined) el.textContent = props.text;
  if (props?.title) el.title = props.title;
  for (const [k, v] of Object.entries(props?.attrs ?? {})) el.setAttribute(k, v);
  for (const [k, fn] of Object.entries(props?.on ?? {})) el.addEventListener(k, fn as EventListener);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, props, children);
  return el;
}

/** A custom element (the toolkit's vscode-*). */
export function custom(tag: string, props?: Props, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  apply(el, props, children);
  return el;
}

export function icon(name: string, extra = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name} ${extra}`.trim(), attrs: { 'aria-hidden': 'true' } });
}

export interface ButtonOptions {
  /** Accessible name; defaults to the visible text. */
  label?: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  icon?: string;
  title?: string;
  class?: string;
  onClick: () => void;
}

export function button(text: string, opts: ButtonOptions): HTMLElement {
  const attrs: Record<string, string> = { appearance: opts.appearance ?? 'primary' };
  if (opts.label) attrs['aria-label'] = opts.label;
  const b = custom('vscode-button', { attrs, title: opts.title ?? (opts.appearance === 'icon' ? opts.label : undefined), class: opts.class });
  if (opts.icon) {
    const i = icon(opts.icon);
    if (opts.appearance !== 'icon') i.setAttribute('slot', 'start');
    b.append(i);
  }
  if (opts.appearance !== 'icon') b.append(text);
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) opts.onClick();
  });
  return b;
}

/** The toolkit text area's value (a form-associated custom element). */
export interface ValueElement extends HTMLElement {
  value: string;
}

/**
 * A toolkit text area. Its visible label (the default slot) doubles as the
 * accessible name: the toolkit copies its text into aria-label on connect.
 */
export function textArea(label: string, opts: { placeholder?: string; rows?: number; class?: string; onSubmit?: () => void }): ValueElement {
  const attrs: Record<string, string> = { resize: 'vertical', rows: String(opts.rows ?? 3) };
  if (opts.placeholder) attrs.placeholder = opts.placeholder;
  const ta = custom('vscode-text-area', { attrs, class: opts.class, text: label }) as ValueElement;
  if (opts.onSubmit) {
    const submit = opts.onSubmit;
    // Ctrl/Cmd+Enter sends; plain Enter stays a newline.
    ta.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        submit();
      }
    });
  }
  return ta;
}

export function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
