import type { Attachment, Channel } from '../domain/message.js';
import type { Db, Tx } from '../ports/db.js';
import { newId, type Writes } from '../ports/store.js';

/** Fetches a platform file by its handle (DingTalk downloadCode, Feishu message resource). */
export type Downloader = (channel: Channel, ref: string) => Promise<{ data: Uint8Array; contentType?: string; name?: string }>;

export interface FetchedAttachment {
  kind: Attachment['kind'];
  ref: string;
  channel: Channel;
  name?: string;
  contentType?: string;
  data?: Uint8Array;
  /** Why the file could not be kept; the handle is kept so it can be fetched again. */
  error?: string;
}

export const MAX_ATTACHMENTS = 9;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * Downloads what came with a message, before the transaction that records it (network calls
 * never hold a database transaction open). A failed download never blocks the report.
 */
export async function fetchAttachments(download: Downloader | undefined, channel: Channel, list: Attachment[]): Promise<FetchedAttachment[]> {
  const out: FetchedAttachment[] = [];
  for (const a of list.slice(0, MAX_ATTACHMENTS)) {
    const base: FetchedAttachment = { kind: a.kind, ref: a.ref, channel, ...(a.name ? { name: a.name } : {}) };
    if (!download) {
      out.push({ ...base, error: 'no downloader for this channel' });
      continue;
    }
    try {
      const file = await download(channel, a.ref);
      if (file.data.byteLength > MAX_ATTACHMENT_BYTES) out.push({ ...base, error: `larger than ${MAX_ATTACHMENT_BYTES} bytes` });
      else out.push({ ...base, data: file.data, ...(file.contentType ? { contentType: file.contentType } : {}), ...(file.name && !a.name ? { name: file.name } : {}) });
    } catch (err) {
      out.push({ ...base, error: (err as Error).message.slice(0, 300) });
    }
  }
  return out;
}

/** Stages fetched files with the report (or, with purpose "case", the case) in the caller's unit of work. */
export function stageAttachments(write: Writes, reportId: string, purpose: 'report' | 'evidence' | 'case', files: FetchedAttachment[], at: Date): number {
  write.insert('Attachment', files.map((f) => ({
    id: newId(), reportId, purpose, kind: f.kind, ref: f.ref, channel: f.channel, createdAt: at,
    name: f.name ?? null, contentType: f.contentType ?? null, error: f.error ?? null,
    size: f.data?.byteLength ?? 0, data: f.data ? new Uint8Array(f.data) : null,
  })));
  return files.length;
}

/** Keeps fetched files with the report, in the caller's transaction. */
export async function saveAttachments(tx: Tx | Db, reportId: string, purpose: 'report' | 'evidence', files: FetchedAttachment[], at: Date): Promise<number> {
  for (const f of files) {
    await tx.attachment.create({
      data: {
        reportId, purpose, kind: f.kind, ref: f.ref, channel: f.channel, createdAt: at,
        name: f.name ?? null, contentType: f.contentType ?? null, error: f.error ?? null,
        size: f.data?.byteLength ?? 0, data: f.data ? new Uint8Array(f.data) : null,
      },
    });
  }
  return files.length;
}
