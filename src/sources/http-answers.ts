// What the API connectors say about a failed request or an unusable answer, worded the same for every source.

/** Why a request got no answer: a timeout, the network's error code (ECONNREFUSED, ENOTFOUND) or its message. */
export function networkReason(e: unknown): string {
  if (e instanceof Error && e.name === 'TimeoutError') return 'no answer within the time limit';
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/** The first 200 bytes of an answer, quoted, to show in an error. */
export function answerStart(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes.subarray(0, 200)).trim();
  return text === '' ? '(empty body)' : JSON.stringify(text);
}
