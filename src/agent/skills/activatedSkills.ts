// Per-task memory of which skills are active and the exact text each injected.
// The activate_skill tool consults it so a skill is never injected twice, and
// the loop re-inserts renderForCompaction() after it compacts the history, so
// instructions that arrived in an old tool result are not lost. Serialisable,
// so a resumed task keeps its skills (or rebuild it from the transcript with
// fromMessages).

import type Anthropic from '@anthropic-ai/sdk';

export interface ActivatedSkill {
  name: string;
  /** What activate_skill returned to the model (instructions + resources). */
  text: string;
}

export class ActivatedSkills {
  private readonly byName = new Map<string, ActivatedSkill>();

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): ActivatedSkill | undefined {
    return this.byName.get(name);
  }

  /** In activation order. */
  list(): readonly ActivatedSkill[] {
    return [...this.byName.values()];
  }

  get size(): number {
    return this.byName.size;
  }

  /** Record an activation. Throws if the skill is already active (callers check has() first). */
  add(entry: ActivatedSkill): void {
    if (this.byName.has(entry.name)) throw new Error(`Skill "${entry.name}" is already active in this task.`);
    this.byName.set(entry.name, { name: entry.name, text: entry.text });
  }

  /**
   * The activated skills' full text, for the loop to keep in context after it
   * compacts older messages ('' when none are active).
   */
  renderForCompaction(): string {
    if (this.byName.size === 0) return '';
    return [
      '<active_skills>',
      'These skills were activated earlier in this task; their instructions still apply. Do not activate them again.',
      ...this.list().map((s) => s.text),
      '</active_skills>',
    ].join('\n');
  }

  toJSON(): ActivatedSkill[] {
    return this.list().map((s) => ({ ...s }));
  }

  /** Rebuild from toJSON() output; throws a clear error on anything else. */
  static fromJSON(data: unknown): ActivatedSkills {
    if (!Array.isArray(data)) throw new Error('ActivatedSkills.fromJSON: expected an array of {name, text}.');
    const state = new ActivatedSkills();
    data.forEach((item, i) => {
      const rec = item as Partial<ActivatedSkill> | null;
      if (!rec || typeof rec.name !== 'string' || typeof rec.text !== 'string') {
        throw new Error(`ActivatedSkills.fromJSON: entry ${i} is not {name: string, text: string}.`);
      }
      state.add({ name: rec.name, text: rec.text });
    });
    return state;
  }

  /**
   * Rebuild the state from a task's messages (e.g. on resume): every successful
   * activate_skill result whose text is still present counts as active. A
   * result that compaction cleared does not, so the skill can be loaded again.
   */
  static fromMessages(messages: readonly Anthropic.MessageParam[], toolName = 'activate_skill'): ActivatedSkills {
    const calls = new Map<string, string>();
    const state = new ActivatedSkills();
    for (const m of messages) {
      if (typeof m.content === 'string') continue;
      for (const block of m.content) {
        if (block.type === 'tool_use' && block.name === toolName) {
          const name = (block.input as { name?: unknown } | null)?.name;
          if (typeof name === 'string') calls.set(block.id, name);
        } else if (block.type === 'tool_result' && !block.is_error) {
          const name = calls.get(block.tool_use_id);
          const text = typeof block.content === 'string' ? block.content : (block.content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('');
          if (name && !state.has(name) && text.startsWith('<skill_content')) state.add({ name, text });
        }
      }
    }
    return state;
  }
}
