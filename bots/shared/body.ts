/**
 * Reads a webhook body as UTF-8, at most `max` bytes; null when it is larger. A body with a
 * declared length within the limit is read in one call (on Node, @hono/node-server then reads
 * the socket directly: about 3x cheaper per request than the Web stream); a body without one
 * (chunked) is streamed and cut off at the limit, so nothing unbounded is ever buffered.
 */
export async function readBody(request: Request, max: number): Promise<string | null> {
  const header = request.headers.get('content-length');
  if (header !== null && /^\d+$/.test(header)) {
    // HTTP framing stops the body at its declared length, so this read is bounded too.
    return Number(header) > max ? null : request.text();
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) (all.set(c, at), (at += c.byteLength));
  return new TextDecoder().decode(all);
}
