// The PDF preview's pure questions, shared by the webview and its tests: what a form
// widget is called in the words the engine and the skill use, the zoom steps a person
// walks with + and -, and which page is "current" for a scroll position.

/** pdf.js's description of a widget annotation (the fields we read). */
export interface WidgetInfo {
  fieldType?: string;
  checkBox?: boolean;
  radioButton?: boolean;
  pushButton?: boolean;
  combo?: boolean;
}

/** text, checkbox, radio, button, dropdown, list, signature (the words `cowork doc fields` uses). */
export function widgetKind(w: WidgetInfo): string {
  switch (w.fieldType) {
    case 'Tx':
      return 'text';
    case 'Btn':
      if (w.checkBox) return 'checkbox';
      if (w.radioButton) return 'radio';
      return w.pushButton ? 'button' : 'checkbox';
    case 'Ch':
      return w.combo ? 'dropdown' : 'list';
    case 'Sig':
      return 'signature';
    default:
      return 'field';
  }
}

export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;
export const MIN_ZOOM = ZOOM_STEPS[0];
export const MAX_ZOOM = ZOOM_STEPS[ZOOM_STEPS.length - 1];

/** The next step up or down from any scale (a fitted scale sits between steps). */
export function stepZoom(scale: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((s) => s > scale + 1e-6) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - 1e-6) ?? MIN_ZOOM;
}

export type ZoomMode = 'fit-width' | 'fit-page' | number;

/** The scale for a mode, given the widest page's size at scale 1 and the room there is. */
export function scaleFor(mode: ZoomMode, page: { width: number; height: number }, room: { width: number; height: number }): number {
  if (typeof mode === 'number') return clampZoom(mode);
  const byWidth = room.width / page.width;
  return clampZoom(mode === 'fit-width' ? byWidth : Math.min(byWidth, room.height / page.height));
}

export function clampZoom(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

/**
 * The page a person is looking at: the first whose bottom is below the middle of the
 * view (`tops` are the pages' top offsets in order, `heights` their heights).
 */
export function currentPage(scrollTop: number, viewHeight: number, tops: readonly number[], heights: readonly number[]): number {
  const middle = scrollTop + viewHeight / 2;
  for (let i = 0; i < tops.length; i++) if (tops[i] + heights[i] > middle) return i + 1;
  return Math.max(1, tops.length);
}

/** A page number typed by a person, or undefined when it is not one of 1..count. */
export function parsePageNumber(text: string, count: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= count ? n : undefined;
}
