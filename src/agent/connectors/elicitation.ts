// A server's elicitation request (`elicitation/create`, form mode) put to the
// person as one form of the task whose tool call it came with: the requested
// schema becomes typed fields (src/shared/elicitationForm.ts), the person
// accepts, declines or cancels, and accepted values are checked against the
// fields again here before they go back. Without a task to ask through, or for
// URL-mode requests, the answer is "decline". A server that cancels its own request
// (notifications/cancelled, which aborts `withdrawn`) closes the open form with a note.

import { ErrorCode, McpError, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { checkForm, formFields, type ElicitationForm, type FormAnswer } from '../../shared/elicitationForm';

/** Puts a form in front of the person; resolves with their checked answer ('cancel' once `withdrawn` aborts). */
export type AskForm = (form: ElicitationForm, withdrawn?: AbortSignal) => Promise<FormAnswer>;

export async function elicitFromPerson(server: string, params: ElicitRequest['params'], askForm: AskForm | undefined, withdrawn?: AbortSignal): Promise<ElicitResult> {
  if (!askForm || (params as { mode?: string }).mode === 'url' || !('requestedSchema' in params)) return { action: 'decline' };
  let fields;
  try {
    fields = formFields(params.requestedSchema);
  } catch (err) {
    throw new McpError(ErrorCode.InvalidParams, `Cowork cannot show this form: ${(err as Error).message}`);
  }
  if (withdrawn?.aborted) return { action: 'cancel' };
  const answer = await askForm({ server, message: params.message, fields }, withdrawn);
  // Withdrawn: the SDK sends no reply (but for request id 0, which it cannot cancel), and nobody reads one.
  if (withdrawn?.aborted) return { action: 'cancel' };
  if (answer.action !== 'accept') return { action: answer.action };
  // The desk checked already; this is the last gate before the values leave the host.
  const check = checkForm(fields, answer.values ?? {});
  if (!check.ok) throw new McpError(ErrorCode.InternalError, `Cowork did not send the form: ${Object.values(check.errors).join(' ')}`);
  return { action: 'accept', content: check.values };
}
