import type { Rows } from '../records.js';

/** Small reads many use cases share. */
export interface CommonReads {
  department(id: string): Promise<Pick<Rows['Department'], 'id' | 'name'> | null>;
  /** A named sequence's current value (0 before its first use). */
  counter(key: string): Promise<number>;
  calendarOverrides(): Promise<Rows['CalendarOverride'][]>;
  /** A small stored setting (AppMeta) by key, or null. */
  meta(key: string): Promise<string | null>;
}
