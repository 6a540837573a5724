// Run by test/unit/sandbox/unprivileged.test.ts as an unprivileged user (bundled, plain
// node): opens a session with the namespace driver's user-namespace path and
// prints what it saw as one JSON line. Args: BASE (image/, tools/, state/, folder/ inside).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SandboxManager } from '../../src/sandbox/manager';

async function main(): Promise<void> {
  const base = process.argv[2];
  const folder = path.join(base, 'folder');
  const m = new SandboxManager({ imageDir: path.join(base, 'image'), toolsDir: path.join(base, 'tools'), stateRoot: path.join(base, 'state'), limits: { nproc: 64 } });
  const out: Record<string, unknown> = { uid: process.getuid?.() };
  try {
    const s = await m.openSession(folder, { taskId: 'unpriv' });
    out.id = (await s.exec({ command: 'id -u; ulimit -u' })).stdout;
    await s.exec({ command: 'echo new > out.txt; rm a.txt; echo mod >> d/b.txt' });
    out.pending = (await s.pendingChanges()).items.map((i) => `${i.kind} ${i.path}`);
    out.afterExec = fs.readdirSync(folder).sort();
    const bomb = await s.exec({ command: ':(){ :|:& };:; sleep 1', timeoutMs: 5000 });
    out.bombLimited = bomb.timedOut || /Resource temporarily unavailable/.test(bomb.stderr);
    out.alive = (await s.exec({ command: 'echo alive' })).stdout;
    await s.applyChanges();
    out.afterApply = fs.readdirSync(folder).sort();
    out.bAfterApply = fs.readFileSync(path.join(folder, 'd/b.txt'), 'utf8');
    await s.undoTask();
    out.afterUndo = fs.readdirSync(folder).sort();
    out.bAfterUndo = fs.readFileSync(path.join(folder, 'd/b.txt'), 'utf8');
    await s.close();
  } catch (err) {
    out.error = String((err as Error).stack ?? err);
  } finally {
    await m.dispose();
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

void main();
