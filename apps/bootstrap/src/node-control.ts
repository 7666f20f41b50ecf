import { SendResultSchema, type ControlSendRequest, type SendResult } from '@peerscope/protocol';
import { ApiError } from '@peerscope/server-kit';
import { request, type Agent } from 'undici';

/** Asks a peerscope node, through its control API, to send one message. */
export async function requestSend(
  agent: Agent,
  node: { id: string; url: string; controlToken: string },
  command: ControlSendRequest,
  timeoutMs: number,
): Promise<SendResult> {
  let status: number;
  let text: string;
  try {
    const response = await request(`${node.url}/control/send`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${node.controlToken}` },
      body: JSON.stringify(command),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (err) {
    throw new ApiError('node_unreachable', `${node.id} did not take the command: ${(err as Error).message}`);
  }
  const parsed = status === 200 ? SendResultSchema.safeParse(parseJson(text)) : undefined;
  if (!parsed?.success) throw new ApiError('node_unreachable', `${node.id} answered ${status}: ${text.slice(0, 200)}`);
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
