/**
 * Text that comes from outside (platform payloads, web chat) as well-formed Unicode. A lone
 * surrogate ("\ud800") survives JSON.parse but not storage: SQLite keeps it as U+FFFD, so a key
 * read back no longer equals the key written (Prisma 6 refused such queries outright), and an
 * event journaled under one was never marked done and came back at every start. Replaced at
 * the edge, every string round-trips.
 */
export function wellFormed(s: string): string {
  return s.isWellFormed() ? s : s.toWellFormed();
}
