/**
 * The MCP transport for one stateless POST answered in JSON: it hands the request's messages to
 * the server and gathers the server's answers to them.
 *
 * Why not the SDK's WebStandardStreamableHTTPServerTransport: it reads a web `Request` and answers
 * a web `Response`, and Node builds those with its fetch implementation (undici), whose loading
 * was about a quarter of our cold start's CPU. Measured on Node 22 when this transport replaced
 * it: load + first `initialize` 100 → 63 ms (median of 21 cold starts; the benchmark's baseline
 * takes about 150 ms), warm `tools/list` about 300 → 120 µs. In stateless JSON mode that
 * transport only delivered messages and collected answers, which is all this one does; the MCP
 * semantics (initialize and version negotiation, capabilities, dispatch, JSON-RPC errors) still
 * come from the SDK's `Server` and `Protocol`, and the HTTP rules it applied before delivering
 * are ported in streamable-http-rules.ts.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  JSONRPCErrorResponse,
  JSONRPCMessage,
  JSONRPCRequest,
  JSONRPCResultResponse,
  RequestId,
} from '@modelcontextprotocol/sdk/types.js';

export type JsonRpcAnswer = JSONRPCResultResponse | JSONRPCErrorResponse;

/** The payload was checked against the SDK's JSONRPCMessageSchema: its shape tells its kind. */
export function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}

function isAnswer(message: JSONRPCMessage): message is JsonRpcAnswer {
  return 'result' in message || 'error' in message;
}

function cancelledRequestId(message: JSONRPCMessage): RequestId | undefined {
  if (!('method' in message) || 'id' in message || message.method !== 'notifications/cancelled') return undefined;
  const requestId = (message.params as { requestId?: unknown } | undefined)?.requestId;
  return typeof requestId === 'string' || typeof requestId === 'number' ? requestId : undefined;
}

export class JsonResponseTransport implements Transport {
  onclose?: Transport['onclose'];
  onerror?: Transport['onerror'];
  onmessage?: Transport['onmessage'];

  /** Request id → its answer, in the requests' order; undefined until the server sends it. */
  private readonly answers = new Map<RequestId, JsonRpcAnswer | undefined>();
  /** Requests of this POST that a `notifications/cancelled` in the same POST withdrew. */
  private readonly cancelled = new Set<RequestId>();
  private unanswered = 0;
  private allAnswered?: () => void;
  private delivered = false;
  private closed = false;

  start(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Delivers every message to the server and resolves with its answers to the requests among
   * them, in the requests' order, once the last one is sent: at once when there is no request.
   * Request ids must be distinct. Once per transport, as the SDK requires of stateless transports.
   */
  async exchange(messages: readonly JSONRPCMessage[]): Promise<JsonRpcAnswer[]> {
    if (this.delivered) throw new Error('A stateless transport serves one request: create a new one per request.');
    this.delivered = true;
    for (const message of messages) {
      if (isRequest(message)) this.answers.set(message.id, undefined);
    }
    // The server does not answer a cancelled request (the MCP spec says it should not), so waiting
    // for that answer would hold the POST until the Lambda times out.
    for (const message of messages) {
      const id = cancelledRequestId(message);
      if (id !== undefined && this.answers.delete(id)) this.cancelled.add(id);
    }
    this.unanswered = this.answers.size;
    const answered = new Promise<void>((resolve) => {
      this.allAnswered = resolve;
    });
    for (const message of messages) this.onmessage?.(message);
    if (this.unanswered > 0) await answered;
    return [...this.answers.values()] as JsonRpcAnswer[];
  }

  send(message: JSONRPCMessage): Promise<void> {
    // Notifications and requests from the server would need an SSE stream, which a stateless JSON
    // answer does not have: the SDK's transport drops them in this mode too.
    if (!isAnswer(message)) return Promise.resolve();
    const id = message.id;
    if (id !== undefined && this.cancelled.has(id)) return Promise.resolve();
    if (id === undefined || !this.answers.has(id) || this.answers.get(id) !== undefined) {
      return Promise.reject(new Error(`No request with id ${String(id)} is waiting for an answer`));
    }
    this.answers.set(id, message);
    this.unanswered -= 1;
    if (this.unanswered === 0) this.allAnswered?.();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.onclose?.();
    }
    return Promise.resolve();
  }
}
