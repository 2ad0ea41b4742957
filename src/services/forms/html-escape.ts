/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Lines as escaped text joined by <br>. */
export const lines = (xs: readonly string[]): string => xs.map(esc).join('<br>');
