// A run that the test kills mid-task (leftovers.test.ts): as the extension or
// the CLI would, it opens a session with a write budget on each folder given,
// stages a change in each, starts a long command in the first and prints
// "READY <json>" (the guests' host pids), then waits to be killed.
//
//   tsx test/support/killedRun.ts '{"image":…,"tools":…,"stateRoot":…,"folders":[…],"driver":"namespace"|"qemu"}'

import { NamespaceDriver } from '../../src/sandbox/drivers/namespace';
import { QemuDriver } from '../../src/sandbox/drivers/qemu';
import { SandboxManager } from '../../src/sandbox/manager';
import { MiB } from '../../src/sandbox/staging/writeBudget';

interface Args {
  image: string;
  tools: string;
  stateRoot: string;
  folders: string[];
  driver: 'namespace' | 'qemu';
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2] ?? '{}') as Args;
  const manager = new SandboxManager({
    imageDir: a.image,
    toolsDir: a.tools,
    stateRoot: a.stateRoot,
    driver: a.driver === 'qemu' ? new QemuDriver({ accel: 'tcg' }) : new NamespaceDriver(),
    writeBudgetBytes: 32 * MiB,
    idleMs: 600_000,
  });
  const pids: number[] = [];
  for (const [i, folder] of a.folders.entries()) {
    const s = await manager.openSession(folder, { taskId: `killed-${i}` });
    const r = await s.exec({ command: 'echo changed > notes.txt && head -c 1M /dev/zero > new.bin' });
    if (r.exitCode !== 0) throw new Error(r.stderr);
    pids.push(manager.guestFor(folder).staging.owner.guestPid ?? 0);
    // A task still running when the run is killed.
    if (i === 0) void s.exec({ command: 'sleep 600' }).catch(() => undefined);
  }
  process.stdout.write(`READY ${JSON.stringify(pids)}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((err: Error) => {
  process.stderr.write(`killedRun: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
