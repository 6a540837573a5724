// What the extension asks the preview's reader (a worker thread) and what it answers,
// plus the progress it reports on its own while a sheet is read.

import type { GridLayout, GridRow } from '../../shared/sheetPreviewProtocol';
import type { WorkbookInfo } from './gridStore';

export type ReaderRequest =
  | { id: number; op: 'open'; bytes: Uint8Array; fileName: string }
  | { id: number; op: 'sheet'; sheet: number }
  | { id: number; op: 'rows'; sheet: number; from: number; to: number };

export type ReaderValue = WorkbookInfo | { layout: GridLayout; rows: GridRow[] } | GridRow[];

export type ReaderMessage =
  | { id: number; ok: true; value: ReaderValue }
  | { id: number; ok: false; message: string; code?: string }
  | { progress: { sheet: number; layout: GridLayout } };
