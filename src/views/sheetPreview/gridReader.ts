// The reader behind one open file, in a worker thread or (unit tests, no bundle) in
// the extension host itself: the same request/answer messages either way.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GridLayout, GridRow } from '../../shared/sheetPreviewProtocol';
import type { ReaderMessage, ReaderRequest, ReaderValue } from './gridMessages';
import { GridStore, type WorkbookInfo } from './gridStore';

/** Serves requests against one GridStore; answers and progress go to `post`. */
export function serveReader(post: (msg: ReaderMessage) => void): (req: ReaderRequest) => void {
  let store: GridStore | undefined;
  const answer = (id: number, work: () => ReaderValue | Promise<ReaderValue>): void => {
    Promise.resolve()
      .then(work)
      .then(
        (value) => post({ id, ok: true, value }),
        (err: unknown) => post({ id, ok: false, message: err instanceof Error ? err.message : String(err), ...(errCode(err) ? { code: errCode(err) } : {}) }),
      );
  };
  return (req) => {
    switch (req.op) {
      case 'open':
        return answer(req.id, () => {
          store = GridStore.open(req.bytes, req.fileName, (sheet, layout) => post({ progress: { sheet, layout } }));
          return store.info;
        });
      case 'sheet':
        return answer(req.id, () => need(store).openSheet(req.sheet));
      case 'rows':
        return answer(req.id, () => need(store).rows(req.sheet, req.from, req.to));
    }
  };
}

function need(store: GridStore | undefined): GridStore {
  if (!store) throw new Error('no file is open in the reader');
  return store;
}

function errCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class ReaderError extends Error {
  override readonly name = 'ReaderError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The extension's handle on one file's reader. */
export class GridReader {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: ReaderValue) => void; reject: (e: Error) => void }>();
  private readonly send: (req: ReaderRequest, transfer?: ArrayBuffer[]) => void;
  private readonly stop: () => void;
  private dead?: ReaderError;

  constructor(onProgress: (sheet: number, layout: GridLayout) => void, opts: { script?: string; maxHeapMb?: number } = {}) {
    const receive = (msg: ReaderMessage): void => {
      if ('progress' in msg) return onProgress(msg.progress.sheet, msg.progress.layout);
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new ReaderError(msg.message, msg.code));
    };
    const script = opts.script ?? path.join(__dirname, 'sheet-worker.js');
    if (fs.existsSync(script)) {
      const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 2048 } });
      worker.unref();
      worker.on('message', receive);
      const fail = (err: ReaderError): void => {
        this.dead = err;
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      };
      worker.on('error', (err: Error & { code?: string }) =>
        fail(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ReaderError('the file needs more memory than the preview allows (is it a zip bomb?)', 'LIMIT_EXCEEDED')
            : new ReaderError(`the spreadsheet reader failed: ${err.message}`),
        ),
      );
      worker.on('exit', (code) => fail(this.dead ?? new ReaderError(`the spreadsheet reader stopped (exit ${code})`)));
      this.send = (req, transfer) => worker.postMessage(req, transfer ?? []);
      this.stop = () => void worker.terminate();
    } else {
      const handle = serveReader(receive);
      this.send = (req) => handle(req);
      this.stop = () => undefined;
    }
  }

  open(bytes: Uint8Array, fileName: string): Promise<WorkbookInfo> {
    const copy = new Uint8Array(bytes);
    return this.request({ op: 'open', bytes: copy, fileName }, [copy.buffer]) as Promise<WorkbookInfo>;
  }

  openSheet(sheet: number): Promise<{ layout: GridLayout; rows: GridRow[] }> {
    return this.request({ op: 'sheet', sheet }) as Promise<{ layout: GridLayout; rows: GridRow[] }>;
  }

  rows(sheet: number, from: number, to: number): Promise<GridRow[]> {
    return this.request({ op: 'rows', sheet, from, to }) as Promise<GridRow[]>;
  }

  dispose(): void {
    this.dead ??= new ReaderError('the preview was closed');
    this.stop();
  }

  private request(req: WithoutId<ReaderRequest>, transfer?: ArrayBuffer[]): Promise<ReaderValue> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ ...req, id } as ReaderRequest, transfer);
    });
  }
}
