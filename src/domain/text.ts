/**
 * Text that comes from outside (platform payloads, web chat) as well-formed Unicode. A lone
 * surrogate ("\ud800") survives JSON.parse but not the query engine: Prisma refuses any query
 * that carries one, while SQLite stores it as U+FFFD, so a key written directly can then never
 * be matched through Prisma. Replaced at the edge, it can reach neither.
 */
export function wellFormed(s: string): string {
  return s.isWellFormed() ? s : s.toWellFormed();
}
