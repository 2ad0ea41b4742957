/**
 * zod building blocks for decoding platform payloads that never throw: a field of the wrong
 * type reads as absent (the decoder then decides what an absent field means), and every
 * string is well-formed Unicode. A payload with a valid signature can still be malformed;
 * decoding it must end in a message or a clear "not readable", never in an exception.
 */
import { z } from 'zod';
import { wellFormed } from '../../src/domain/text.js';

/** Makes any schema optional and forgiving: a value it refuses reads as undefined. */
export const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const wellFormedString = z.string().transform(wellFormed);

/** A well-formed string (possibly empty), or undefined. */
export const textOrEmpty = optional(wellFormedString);

/** A non-empty, well-formed string, or undefined. */
export const str = optional(wellFormedString.transform((s) => s || undefined));

export const bool = optional(z.boolean());

/** Milliseconds since the epoch that a Date can hold. */
export const epochMs = optional(z.number().int().min(0).max(8.64e15));

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** A value sent as JSON text or already as an object (platforms do both). */
export const jsonOrValue = <T extends z.ZodType>(schema: T) => optional(z.preprocess(parseJson, schema));

/** An array whose unreadable items are dropped rather than failing the whole array. */
export const itemsOf = <T extends z.ZodType>(item: T) =>
  optional(
    z.array(z.unknown()).transform((items) =>
      items.flatMap((i) => {
        const r = item.safeParse(i);
        return r.success && r.data != null ? [r.data as NonNullable<z.output<T>>] : [];
      }),
    ),
  );

/** A flat map of strings (card params): keys and values well-formed, other values as JSON. */
export const stringMap = optional(
  z.record(z.string(), z.unknown()).transform((o) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [wellFormed(k), wellFormed(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))])),
  ),
);
