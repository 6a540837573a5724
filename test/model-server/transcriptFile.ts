// Reading transcripts from JSON (files or control-API bodies) with validation that names the
// offending turn and field, so a typo in a script fails loudly instead of misbehaving.

import { readFileSync } from 'node:fs';
import { STOP_REASONS, TURN_ORDERS, type Transcript } from './transcript';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, problem: string): never {
  throw new Error(`invalid transcript: ${where}: ${problem}`);
}

function optionalNumber(obj: Json, key: string, where: string): void {
  if (obj[key] !== undefined && (typeof obj[key] !== 'number' || !Number.isFinite(obj[key]) || (obj[key] as number) < 0)) {
    fail(where, `"${key}" must be a non-negative number`);
  }
}

function optionalString(obj: Json, key: string, where: string): void {
  if (obj[key] !== undefined && typeof obj[key] !== 'string') fail(where, `"${key}" must be a string`);
}

function checkBlock(block: unknown, where: string): void {
  if (!isObject(block)) fail(where, 'content block must be an object');
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string') fail(where, 'text block needs "text" (string)');
      return;
    case 'tool_use':
      if (typeof block.name !== 'string' || block.name === '') fail(where, 'tool_use block needs "name"');
      if (!isObject(block.input)) fail(where, 'tool_use block needs "input" (object)');
      optionalString(block, 'id', where);
      return;
    case 'thinking':
      if (typeof block.thinking !== 'string') fail(where, 'thinking block needs "thinking" (string)');
      optionalString(block, 'signature', where);
      return;
    case 'server_tool_use':
      if (block.name !== 'web_search') fail(where, 'server_tool_use block: only "web_search" is played');
      if (!isObject(block.input) || typeof block.input.query !== 'string') fail(where, 'server_tool_use block needs "input": { "query": string }');
      optionalString(block, 'id', where);
      return;
    case 'web_search_tool_result':
      if (!Array.isArray(block.content) && !(isObject(block.content) && typeof block.content.error_code === 'string')) {
        fail(where, 'web_search_tool_result block needs "content": [{ title, url }] or { error_code }');
      }
      optionalString(block, 'tool_use_id', where);
      return;
    default:
      fail(where, `unknown content block type ${JSON.stringify(block.type)} (text | tool_use | thinking | server_tool_use | web_search_tool_result)`);
  }
}

function checkReply(reply: unknown, where: string): void {
  if (!isObject(reply)) fail(where, '"reply" must be an object');
  if (!Array.isArray(reply.content)) fail(where, '"reply.content" must be an array of blocks');
  reply.content.forEach((block, i) => checkBlock(block, `${where} content[${i}]`));
  if (reply.stop_reason !== undefined && !STOP_REASONS.includes(reply.stop_reason as never)) {
    fail(where, `"stop_reason" must be one of ${STOP_REASONS.join(' | ')}`);
  }
  for (const key of ['eventDelayMs', 'initialDelayMs', 'textChunkSize', 'jsonChunkSize']) optionalNumber(reply, key, where);
  optionalString(reply, 'model', where);
  if (reply.usage !== undefined) {
    if (!isObject(reply.usage)) fail(where, '"usage" must be an object');
    for (const key of Object.keys(reply.usage)) optionalNumber(reply.usage, key, `${where} usage`);
  }
}

function checkError(error: unknown, where: string): void {
  if (!isObject(error)) fail(where, '"error" must be an object');
  if (typeof error.status !== 'number' || error.status < 400 || error.status > 599) {
    fail(where, '"error.status" must be an HTTP error status (400-599)');
  }
  optionalString(error, 'type', where);
  optionalString(error, 'message', where);
  optionalNumber(error, 'retryAfter', where);
  optionalNumber(error, 'inStreamAfterEvents', where);
  if (error.details !== undefined && !isObject(error.details)) fail(where, '"error.details" must be an object');
  if (error.headers !== undefined && !isObject(error.headers)) fail(where, '"error.headers" must be an object of strings');
  if (error.reply !== undefined) checkReply(error.reply, where);
}

function checkCut(cut: unknown, where: string): void {
  if (!isObject(cut)) fail(where, '"cut" must be an object');
  if (typeof cut.afterEvents !== 'number' || cut.afterEvents < 0) fail(where, '"cut.afterEvents" must be a number >= 0');
  if (cut.reply !== undefined) checkReply(cut.reply, where);
}

const MATCH_KEYS = ['lastUserText', 'firstUserText', 'toolResultFor', 'toolResultIncludes', 'model', 'systemIncludes', 'toolsInclude', 'stream', 'messageCount'];

function checkMatch(match: unknown, where: string): void {
  if (!isObject(match)) fail(where, '"match" must be an object');
  for (const key of Object.keys(match)) {
    if (!MATCH_KEYS.includes(key)) fail(where, `unknown match key "${key}" (${MATCH_KEYS.join(', ')})`);
  }
}

/** Validate parsed JSON as a transcript. Accepts `{ turns: [...] }` or a bare array of turns. */
export function parseTranscript(json: unknown): Transcript {
  const transcript = Array.isArray(json) ? { turns: json } : json;
  if (!isObject(transcript) || !Array.isArray(transcript.turns)) fail('top level', 'expected { "turns": [...] }');
  if (transcript.order !== undefined && !TURN_ORDERS.includes(transcript.order as never)) fail('top level', `"order" must be one of ${TURN_ORDERS.join(' | ')}`);
  transcript.turns.forEach((turn, i) => {
    const where = `turn ${i}`;
    if (!isObject(turn)) fail(where, 'must be an object');
    const kinds = ['reply', 'error', 'cut'].filter((k) => turn[k] !== undefined);
    if (kinds.length !== 1) fail(where, `needs exactly one of "reply", "error", "cut" (found ${kinds.length})`);
    optionalString(turn, 'label', where);
    if (turn.match !== undefined) checkMatch(turn.match, where);
    if (turn.reply !== undefined) checkReply(turn.reply, where);
    if (turn.error !== undefined) checkError(turn.error, where);
    if (turn.cut !== undefined) checkCut(turn.cut, where);
  });
  return transcript as unknown as Transcript;
}

/** Read and validate a transcript JSON file. */
export function loadTranscriptFile(path: string): Transcript {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read transcript ${path}: ${(err as Error).message}`);
  }
  try {
    return parseTranscript(json);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}
