// undoTask's two guards, on the host without a guest: a choice about later work
// covers only the files the person was shown (one that changed after the question
// is never overwritten unasked), and a second undo says "already undone".

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConflictError, SandboxError } from '../../../src/sandbox/session';
import { fingerprintOf } from '../../../src/sandbox/staging/fingerprint';
import { Journal } from '../../../src/sandbox/staging/journal';
import { UndoRecord } from '../../../src/sandbox/staging/undoRecord';
import { undoTask } from '../../../src/sandbox/staging/undoTask';

describe('sandbox: undo guards (shown later work, already undone)', () => {
  let root: string;
  let folder: string;
  let journal: Journal;
  const read = (rel: string) => fs.readFileSync(path.join(folder, rel), 'utf8');
  const write = (rel: string, text: string) => fs.writeFileSync(path.join(folder, rel), text);

  /** A task that changed a.txt and b.txt (originals kept in its record), as apply does. */
  async function taskChanging(...rels: string[]): Promise<UndoRecord> {
    const record = await new UndoRecord(path.join(root, 'state', 'sessions', 't1')).load();
    for (const rel of rels) await record.backup(folder, rel);
    for (const rel of rels) {
      // apply renames the task's file over the original; the backup keeps the original inode
      fs.rmSync(path.join(folder, rel));
      write(rel, `${rel} by the task\n`);
      record.setAfter(rel, await fingerprintOf(path.join(folder, rel)));
    }
    await record.save();
    return record;
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-undo-guards-'));
    folder = path.join(root, 'folder');
    fs.mkdirSync(folder);
    write('a.txt', 'a original\n');
    write('b.txt', 'b original\r\nno final newline é');
    journal = new Journal(path.join(root, 'state', 'journal.json'), folder);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses an overwrite chosen for a.txt when b.txt changed after the question, touching nothing', async () => {
    const record = await taskChanging('a.txt', 'b.txt');
    write('a.txt', 'a later\n');
    const first = await undoTask(folder, record, journal).catch((e: unknown) => e);
    assert.ok(first instanceof ConflictError);
    assert.deepEqual(first.files, ['a.txt']);
    write('b.txt', 'b changed while the modal was open\n');
    const err = await undoTask(folder, record, journal, { laterChanges: 'overwrite', shown: first.files }).catch((e: unknown) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.deepEqual(err.files, ['a.txt', 'b.txt'], 'the whole new list, to ask again');
    assert.match(err.message, /since you were asked: b\.txt/);
    assert.equal(read('a.txt'), 'a later\n');
    assert.equal(read('b.txt'), 'b changed while the modal was open\n');
    assert.equal(fs.existsSync(record.trashDir), false, 'nothing went to the trash either');
    // Asked again with both: the overwrite goes ahead, byte for byte.
    await undoTask(folder, record, journal, { laterChanges: 'overwrite', shown: err.files });
    assert.equal(read('a.txt'), 'a original\n');
    assert.equal(read('b.txt'), 'b original\r\nno final newline é');
    assert.equal(fs.readFileSync(path.join(record.trashDir, 'b.txt'), 'utf8'), 'b changed while the modal was open\n');
  });

  it('an answer covering fewer files than it was shown for (one was reverted meanwhile) still goes ahead', async () => {
    const record = await taskChanging('a.txt', 'b.txt');
    write('a.txt', 'a later\n');
    await undoTask(folder, record, journal, { laterChanges: 'keep', shown: ['a.txt', 'b.txt'] });
    assert.equal(read('a.txt'), 'a later\n');
    assert.equal(read('b.txt'), 'b original\r\nno final newline é');
  });

  it('a second undo is refused with EUNDONE and changes nothing, also after a reload of the record', async () => {
    const record = await taskChanging('a.txt');
    await undoTask(folder, record, journal);
    assert.equal(read('a.txt'), 'a original\n');
    write('a.txt', 'the person edits it afterwards\n');
    for (const r of [record, await new UndoRecord(record.dir).load()]) {
      const err = await undoTask(folder, r, journal).catch((e: unknown) => e);
      assert.ok(err instanceof SandboxError && err.code === 'EUNDONE', String(err));
      assert.match(err.message, /already undone/);
    }
    assert.equal(read('a.txt'), 'the person edits it afterwards\n');
  });

  it('a record written to again after its undo (a resumed run) is undoable again', async () => {
    const record = await taskChanging('a.txt');
    await undoTask(folder, record, journal);
    assert.equal(record.undone, true);
    await record.backup(folder, 'a.txt');
    fs.rmSync(path.join(folder, 'a.txt'));
    write('a.txt', 'second run\n');
    record.setAfter('a.txt', await fingerprintOf(path.join(folder, 'a.txt')));
    assert.equal(record.undone, false);
    await undoTask(folder, record, journal);
    assert.equal(read('a.txt'), 'a original\n');
  });
});
