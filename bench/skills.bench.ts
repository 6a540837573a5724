// Skills benchmark: what progressive disclosure saves. With 50 generated
// installed skills, compares the tokens of the Level 1 catalog in the system
// prompt against putting every SKILL.md in full, and times discovery (parse +
// validate) and one activation. Tokens come from POST /v1/messages/count_tokens
// through the real SDK: by default against the scripted model server, whose
// count is an estimate (ceil(characters / 4) of the JSON of tools, system and
// messages; see test/model-server/tokens.ts). Set SKILLS_BENCH_BASE_URL and
// ANTHROPIC_API_KEY to count with the real API instead (not reachable here).
//
//   npx tsx bench/skills.bench.ts
import Anthropic from '@anthropic-ai/sdk';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderActivation } from '../src/agent/skills/activateSkillTool';
import { ActivatedSkills } from '../src/agent/skills/activatedSkills';
import { createActivateSkillTool } from '../src/agent/skills/activateSkillTool';
import { renderSkillCatalog } from '../src/agent/skills/catalog';
import { discoverSkills } from '../src/agent/skills/discovery';
import { SkillSet } from '../src/agent/skills/skillSet';
import { startModelServer } from '../test/model-server';
import { percentile, writeResultsSection } from './results';

const SKILLS = 50;
const RUNS = 30;
const MODEL = 'claude-sonnet-4-5';

const TOPICS = ['invoices', 'expense reports', 'meeting minutes', 'contracts', 'slide decks', 'budgets', 'newsletters', 'job offers', 'travel plans', 'inventory', 'board packs', 'grant applications'];
const VERBS = ['Draft', 'Check', 'Summarise', 'Reconcile', 'Format', 'Translate', 'Archive', 'Review'];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A SKILL.md of realistic shape: 3-8 sections of 3-10 numbered rules (about 2-10 KB). */
function generateSkill(root: string, i: number, rand: () => number): void {
  const topic = TOPICS[i % TOPICS.length];
  const verb = VERBS[i % VERBS.length];
  const name = `${verb.toLowerCase()}-${topic.replace(/ /g, '-')}-${i}`;
  const description = `${verb} ${topic} the way the finance and operations team expects: gathers the source files, applies the house rules for ${topic}, and writes the result as a finished document. Use when the person mentions ${topic} or asks to ${verb.toLowerCase()} them.`;
  const lines = [`# ${verb} ${topic}`, '', `Follow these steps whenever you ${verb.toLowerCase()} ${topic}.`, ''];
  const sections = 3 + Math.floor(rand() * 6);
  for (let s = 1; s <= sections; s++) {
    lines.push(`## ${s}. Step ${s} for ${topic}`, '');
    const n = 3 + Math.floor(rand() * 8);
    for (let k = 1; k <= n; k++) {
      lines.push(`${k}. Look at each of the ${topic} in the folder and check rule ${s}.${k}: amounts, dates (YYYY-MM-DD), names and totals must agree with the source; note every difference in a table.`);
    }
    lines.push('');
  }
  lines.push('## Files', '', `- scripts/check.py: run \`python3 /skills/${name}/scripts/check.py /workspace\``, '- references/rules.md: the full rule book');
  const dir = join(root, name);
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'references'));
  writeFileSync(join(dir, 'SKILL.md'), `---\nname: ${name}\ndescription: ${JSON.stringify(description)}\nmetadata:\n  team: operations\n---\n${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'scripts', 'check.py'), 'print("ok")\n');
  writeFileSync(join(dir, 'references', 'rules.md'), '# Rules\n');
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'skills-bench-'));
  const server = await startModelServer();
  try {
    const rand = rng(42);
    for (let i = 0; i < SKILLS; i++) generateSkill(root, i, rand);

    // Discovery: scan, parse and validate all 50.
    const scanMs: number[] = [];
    let found = await discoverSkills({ builtinDir: root, trusted: false });
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      found = await discoverSkills({ builtinDir: root, trusted: false });
      scanMs.push(performance.now() - t0);
    }
    if (found.skills.length !== SKILLS || found.diagnostics.length > 0) throw new Error(`expected ${SKILLS} clean skills, got ${found.skills.length} and ${found.diagnostics.length} diagnostics`);
    const skills = new SkillSet(found.skills);

    const catalog = renderSkillCatalog(skills.skills);
    const fullText = skills.skills.map((s) => `<skill name="${s.name}">\n${s.body}\n</skill>`).join('\n');
    const fullDescribed = renderSkillCatalog(skills.skills) + '\n' + fullText;
    const activation = await renderActivation(skills.skills[0]);

    const activateMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await createActivateSkillTool(skills, new ActivatedSkills()).run({ name: skills.skills[r % SKILLS].name }, {} as never);
      activateMs.push(performance.now() - t0);
    }

    const realUrl = process.env.SKILLS_BENCH_BASE_URL;
    const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY ?? 'bench', baseURL: realUrl ?? server.url, maxRetries: 0 });
    const source = realUrl ? `count_tokens at ${realUrl}` : 'count_tokens of the scripted model server (estimate: ceil(chars / 4) of the request JSON)';
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Please tidy up my folder.' }];
    const count = async (system: string): Promise<number> =>
      (await client.messages.countTokens({ model: MODEL, messages, ...(system ? { system: [{ type: 'text', text: system }] } : {}) })).input_tokens;
    const base = await count('');
    const catalogTokens = (await count(catalog)) - base;
    const fullTokens = (await count(fullDescribed)) - base;
    const activationTokens = (await count(activation.content)) - base;
    const perSkill = catalogTokens / SKILLS;

    const bodyChars = skills.skills.map((s) => s.body.length);
    const rows = [
      '| Prompt content | Characters | Tokens |',
      '|---|---:|---:|',
      `| Level 1 catalog, ${SKILLS} skills (system prompt) | ${catalog.length} | ${catalogTokens} |`,
      `| Names, descriptions and all ${SKILLS} SKILL.md bodies in full (the alternative) | ${fullDescribed.length} | ${fullTokens} |`,
      `| One activation (body + resource list, when used) | ${activation.content.length} | ${activationTokens} |`,
    ];
    const body = [
      `${SKILLS} generated skills (body ${Math.min(...bodyChars)}-${Math.max(...bodyChars)} characters, median ${percentile(bodyChars, 50)}). Tokens from ${source}; an empty-system request (${base} tokens) is subtracted.`,
      '',
      ...rows,
      '',
      `- The catalog costs ${perSkill.toFixed(0)} tokens per installed skill and is ${((catalogTokens / fullTokens) * 100).toFixed(1)} % of loading every SKILL.md (${(fullTokens / catalogTokens).toFixed(1)}× smaller); it sits in the cached system prompt, so after the first request it is read from cache.`,
      `- A task that activates one skill pays catalog + one activation = ${catalogTokens + activationTokens} tokens, vs ${fullTokens} for everything up front.`,
      `- Discovery of ${SKILLS} skills (scan + parse + validate): median ${percentile(scanMs, 50).toFixed(1)} ms, p90 ${percentile(scanMs, 90).toFixed(1)} ms over ${RUNS} runs.`,
      `- activate_skill (body + bounded resource listing): median ${percentile(activateMs, 50).toFixed(2)} ms, p90 ${percentile(activateMs, 90).toFixed(2)} ms over ${RUNS} runs.`,
      '',
      'Reproduce: `npx tsx bench/skills.bench.ts`.',
    ].join('\n');
    writeResultsSection('Skills', body);
    console.log(body);
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
