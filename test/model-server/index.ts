// Public entry point of the scripted model server. See docs/model-server.md.
//
//   import { startModelServer } from '../model-server';
//   const server = await startModelServer({ transcript });
//   const client = new Anthropic({ apiKey: 'test', baseURL: server.url });

export { ModelServer, startModelServer, type ModelServerOptions } from './server';
export { loadTranscriptFile, parseTranscript } from './transcriptFile';
export type { ScriptedCitation, ScriptedSearchResult, ScriptedServerToolUseBlock, ScriptedWebSearchResultBlock } from './serverTools';
export { controlState, type ControlState } from './control';
export { estimateInputTokens, estimateTokens, PromptCache } from './tokens';
export type {
  ComputedUsage,
  FailureKind,
  MessagesRequestBody,
  ModelServerFailure,
  RecordedRequest,
  RequestContentBlock,
  RequestMessage,
  RequestTool,
} from './apiTypes';
export type {
  CutTurn,
  ErrorTurn,
  ReplyTurn,
  RespondFn,
  RespondTurn,
  ScriptedBlock,
  ScriptedCut,
  ScriptedError,
  ScriptedReply,
  ScriptedTextBlock,
  ScriptedThinkingBlock,
  ScriptedToolUseBlock,
  StopReason,
  Transcript,
  Turn,
  TurnAction,
  TurnInput,
  TurnMatch,
  UsageOverride,
} from './transcript';
