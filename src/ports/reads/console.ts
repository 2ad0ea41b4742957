import type { Rows } from '../records.js';

/** The web console's sign-in links and sessions. */
export interface ConsoleReads {
  /** The link or session whose secret hashes to `tokenHash`, whatever its state. */
  sessionByHash(tokenHash: string): Promise<Rows['ConsoleSession'] | null>;
  /** Sessions (not links) still open at `now`, newest first, with whose they are. */
  openSessions(now: Date): Promise<(Rows['ConsoleSession'] & { personName: string; departmentName: string })[]>;
}
