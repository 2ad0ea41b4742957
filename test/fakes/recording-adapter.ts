import type { OutboundMessage, Platform } from '../../src/domain/message.js';
import type { ChannelAdapter, Destination, SendOptions, SendResult } from '../../src/ports/channel.js';

/**
 * An in-memory twin of the channel port for testing the core (sink, processor, dispatcher).
 * The real adapters are tested against protocol-faithful fakes in test/bots/*.
 */
export class RecordingAdapter implements ChannelAdapter {
  readonly sent: { to: Destination; message: OutboundMessage; opts: SendOptions }[] = [];
  readonly updates: { cardMessageId: string; message: OutboundMessage }[] = [];
  /** Results to return for the next sends, in order; then success. */
  readonly script: SendResult[] = [];
  private seq = 0;
  mobiles = new Map<string, string>();

  constructor(
    readonly platform: Platform,
    readonly idempotentSends = false,
  ) {}

  async send(to: Destination, message: OutboundMessage, opts: SendOptions): Promise<SendResult> {
    const scripted = this.script.shift();
    if (scripted && !scripted.ok) return scripted;
    this.sent.push({ to, message, opts });
    return { ok: true, platformMessageId: `${this.platform}-msg-${++this.seq}` };
  }

  async updateCard(cardMessageId: string, message: OutboundMessage): Promise<SendResult> {
    this.updates.push({ cardMessageId, message });
    return { ok: true };
  }

  files = new Map<string, Uint8Array>();
  async download(ref: string) {
    const data = this.files.get(ref);
    if (!data) throw new Error(`no such file: ${ref}`);
    return { data, contentType: 'image/png' };
  }

  async findUserByMobile(mobile: string): Promise<string | null> {
    for (const [id, m] of this.mobiles) if (m === mobile) return id;
    return null;
  }
}
