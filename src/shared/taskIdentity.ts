// What names a task, in one place: its id (made by whoever creates the task, and
// checked by the task store and the sandbox, which both use it in paths) and its
// title (the first line of the prompt). Browser-safe.

/** 1-64 letters, digits, `_` or `-`, not starting with `_` or `-`: safe as a file name. */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isTaskId(id: string): boolean {
  return TASK_ID.test(id);
}

export const TASK_ID_RULE = 'a task id is 1-64 letters, digits, _ or -, starting with a letter or digit';

/** A new task id: sortable by creation time, unique enough for one machine. */
export function newTaskId(now = Date.now()): string {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(4));
  return `${now.toString(36).padStart(9, '0')}-${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const TITLE_MAX = 60;

/** A task's title: the prompt's first line, shortened to fit a tree item. */
export function titleOf(prompt: string): string {
  const line = prompt.trim().split('\n')[0];
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 3)}…` : line;
}
