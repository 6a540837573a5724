// Which of the task's configured models answers a connector's sampling request,
// from the server's `modelPreferences` (MCP): its hints first, in the order it
// gave them (a hint is a part of a model name, "sonnet" or "claude-haiku"), then
// its cost, speed and intelligence priorities (0 to 1 each) weighed against what
// each model is. A server cannot name a model the person did not configure: a
// hint that matches none is passed over. Without preferences the small model
// answers, as it always did.

import type { ModelPreferences } from '@modelcontextprotocol/sdk/types.js';
import { priceFor } from '../loop/pricing';

export interface SamplingModels {
  /** The task's own model. */
  main: string;
  /** The task's small model (summaries, and sampling by default). */
  small: string;
}

export interface SamplingChoice {
  model: string;
  /** Why, in a few words, for the task's steps. */
  why: string;
}

/** Families from fastest and least capable to slowest and most capable. */
const TIERS: Array<[pattern: RegExp, tier: number]> = [
  [/haiku/i, 0],
  [/sonnet/i, 1],
  [/opus|fable|mythos/i, 2],
];

export function chooseSamplingModel(prefs: ModelPreferences | undefined, models: SamplingModels): SamplingChoice {
  const candidates = [...new Set([models.small, models.main])];
  for (const hint of prefs?.hints ?? []) {
    const name = hint.name?.trim().toLowerCase();
    if (!name) continue;
    const hits = candidates.filter((m) => m.toLowerCase().includes(name));
    if (hits.length === 1) return { model: hits[0], why: `the server's hint "${hint.name}"` };
    if (hits.length > 1) return { model: byPriorities(hits, prefs) ?? models.small, why: `the server's hint "${hint.name}"` };
  }
  const weighed = byPriorities(candidates, prefs);
  if (weighed) return { model: weighed, why: `the server's priorities (${describePriorities(prefs!)})` };
  const unmatched = prefs?.hints?.length ? `; its hints ${prefs.hints.map((h) => `"${h.name}"`).join(', ')} name no configured model` : '';
  return { model: models.small, why: `the small model, the default for sampling${unmatched}` };
}

/** The best of `candidates` by the server's priorities; undefined when it gave none or they do not tell them apart. */
function byPriorities(candidates: string[], prefs: ModelPreferences | undefined): string | undefined {
  const cost = clamp(prefs?.costPriority);
  const speed = clamp(prefs?.speedPriority);
  const intelligence = clamp(prefs?.intelligencePriority);
  if (cost + speed + intelligence === 0 || candidates.length < 2) return undefined;
  const prices = candidates.map(priceOf);
  const [cheapest, dearest] = [Math.min(...prices), Math.max(...prices)];
  const scored = candidates.map((m, i) => {
    const capability = tierOf(m) / 2;
    const cheapness = dearest === cheapest ? 0.5 : (dearest - prices[i]) / (dearest - cheapest);
    return { m, score: cost * cheapness + speed * (1 - capability) + intelligence * capability };
  });
  scored.sort((a, b) => b.score - a.score);
  if (scored[0].score === scored[1].score) return undefined;
  return scored[0].m;
}

function tierOf(model: string): number {
  return TIERS.find(([re]) => re.test(model))?.[1] ?? 1;
}

/** Input plus output price per million tokens; an unknown model counts as a middling one. */
function priceOf(model: string): number {
  const p = priceFor(model);
  return p ? p.input + p.output : 12;
}

function clamp(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

function describePriorities(p: ModelPreferences): string {
  const parts: string[] = [];
  if (p.costPriority !== undefined) parts.push(`cost ${p.costPriority}`);
  if (p.speedPriority !== undefined) parts.push(`speed ${p.speedPriority}`);
  if (p.intelligencePriority !== undefined) parts.push(`intelligence ${p.intelligencePriority}`);
  return parts.join(', ');
}
