// Sub-agents: wall time of a task that delegates three research briefs to three
// children running at once, against the yardstick of the same work done one
// brief after another by a single agent, with the same fixed latency on every
// model request (the scripted server's initialDelayMs). Each brief is three
// model turns (read, grep, report); the parent adds delegate / write / end.
// Runs are paired (parallel, sequential, parallel, ...) and the ratio is taken
// per pair. The host-folder session keeps sandbox start-up out of the figure.
//
//   npx tsx bench/subagents.bench.ts [--latency-ms 400] [--pairs 3]

import { performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import { createApprovalPolicy } from '../src/agent/approval/approvalPolicy';
import { AgentTask } from '../src/agent/loop/agentTask';
import { DELEGATE, delegateTool } from '../src/agent/tools/delegate';
import { createToolRegistry } from '../src/agent/tools/registry';
import { startModelServer, type ScriptedReply, type TurnInput } from '../test/model-server';
import { HostFolderSession, makeTempFolder } from '../test/support/hostFolderSession';
import { percentile, writeResultsSection } from './results';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const LATENCY_MS = arg('--latency-ms', 400);
const PAIRS = arg('--pairs', 3);
const BRIEFS = ['alpha', 'beta', 'gamma'];
const PROMPT = 'Research the three folders and write report.md';

const slow = (content: ScriptedReply['content']): ScriptedReply => ({ content, initialDelayMs: LATENCY_MS });
const read = (id: string, name: string) => slow([{ type: 'tool_use', id, name: 'read_file', input: { path: `${name}/notes.txt` } }]);
const grep = (id: string, name: string) => slow([{ type: 'tool_use', id, name: 'grep', input: { pattern: 'price', path: name } }]);

function parallelScript(): TurnInput[] {
  const turns: TurnInput[] = [
    {
      match: { firstUserText: PROMPT, messageCount: 1 },
      reply: slow([{ type: 'tool_use', id: 'del', name: DELEGATE, input: { tasks: BRIEFS.map((n) => ({ name: n, brief: `Summarise ${n}/notes.txt and its prices.` })) } }]),
    },
  ];
  for (const n of BRIEFS) {
    const m = { firstUserText: `[Sub-agent "${n}"]` };
    turns.push({ match: m, reply: read(`r_${n}`, n) }, { match: { ...m, toolResultFor: `r_${n}` }, reply: grep(`g_${n}`, n) }, { match: { ...m, toolResultFor: `g_${n}` }, reply: slow([{ type: 'text', text: `${n}: prices noted.` }]) });
  }
  turns.push(
    { match: { firstUserText: PROMPT, toolResultFor: 'del' }, reply: slow([{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'report.md', content: '# Report\n' } }]) },
    { match: { firstUserText: PROMPT, toolResultFor: 'w' }, reply: slow([{ type: 'text', text: 'Done.' }]) },
  );
  return turns;
}

/** The yardstick: one agent does each brief's three turns itself, one brief after another. */
function sequentialScript(): TurnInput[] {
  const turns: TurnInput[] = [];
  for (const n of BRIEFS) turns.push({ reply: read(`r_${n}`, n) }, { reply: grep(`g_${n}`, n) }, { reply: slow([{ type: 'text', text: `${n}: prices noted.` }, { type: 'tool_use', id: `t_${n}`, name: 'list_files', input: { path: '.' } }]) });
  turns.push({ reply: slow([{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'report.md', content: '# Report\n' } }]) }, { reply: slow([{ type: 'text', text: 'Done.' }]) });
  return turns;
}

async function runOnce(mode: 'parallel' | 'sequential'): Promise<{ ms: number; requests: number }> {
  const server = await startModelServer({ transcript: mode === 'parallel' ? { order: 'byMatch', turns: parallelScript() } : sequentialScript() });
  const files: Record<string, string> = {};
  for (const n of BRIEFS) files[`${n}/notes.txt`] = `${n} price 10\n`;
  const folder = makeTempFolder(files);
  const task = new AgentTask({
    folder,
    prompt: PROMPT,
    apiKey: 'bench',
    baseURL: server.url,
    openSession: async (dir) => new HostFolderSession(dir),
    tools: createToolRegistry(mode === 'parallel' ? [delegateTool] : []),
    policy: createApprovalPolicy({ mode: 'neverAsk' }, { sandboxedExtras: [DELEGATE] }),
    options: { plan: false },
  });
  const t0 = performance.now();
  const result = await task.start();
  const ms = performance.now() - t0;
  if (result.outcome !== 'done') throw new Error(`${mode}: ${result.outcome} ${result.message ?? ''}`);
  server.assertComplete();
  const requests = server.messageRequests().length;
  await server.close();
  fs.rmSync(folder, { recursive: true, force: true });
  return { ms, requests };
}

async function main(): Promise<void> {
  await runOnce('parallel'); // warm-up
  await runOnce('sequential');
  const par: number[] = [];
  const seq: number[] = [];
  const ratios: number[] = [];
  let reqs = { parallel: 0, sequential: 0 };
  for (let i = 0; i < PAIRS; i++) {
    const p = await runOnce('parallel');
    const s = await runOnce('sequential');
    par.push(p.ms);
    seq.push(s.ms);
    ratios.push(p.ms / s.ms);
    reqs = { parallel: p.requests, sequential: s.requests };
  }
  const med = (v: number[]) => percentile(v, 50);
  const body = [
    `Three research briefs of three model turns each, ${LATENCY_MS} ms fixed latency per model request (scripted server), host-folder session, ${PAIRS} pairs after a warm-up; median (min–max).`,
    '',
    '| | requests | wall time |',
    '|---|---:|---:|',
    `| parent + 3 sub-agents in parallel | ${reqs.parallel} | ${med(par).toFixed(0)} ms (${Math.min(...par).toFixed(0)}–${Math.max(...par).toFixed(0)}) |`,
    `| yardstick: one agent, briefs in sequence | ${reqs.sequential} | ${med(seq).toFixed(0)} ms (${Math.min(...seq).toFixed(0)}–${Math.max(...seq).toFixed(0)}) |`,
    '',
    `Ratio parallel / sequential, per pair: median **${med(ratios).toFixed(2)}** (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}). ` +
      'The critical path is 6 latencies (delegate, 3 child turns, write, end) against 11; the rest is agent and tool overhead.',
  ].join('\n');
  console.log(body);
  writeResultsSection('Sub-agents (delegate)', body);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
