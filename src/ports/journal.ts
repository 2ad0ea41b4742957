/** One accepted platform event as the inbound journal keeps it until it is processed. */
export interface InboundEntry {
  platform: string;
  /** The event's dedup keys (message id, event id…): the event is a duplicate if any was seen. */
  keys: string[];
  /** The decoded event as JSON, kept on the first key's row. */
  payload: string;
  receivedAt: Date;
  expiresAt: Date;
}

/**
 * Records an event durably, or recognises it as a redelivery, before the platform is acked.
 * Resolves only once the record is committed; rejects when it could not be (do not ack then).
 */
export type InboundJournal = (entry: InboundEntry) => Promise<'accepted' | 'duplicate'>;
