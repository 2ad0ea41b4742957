/**
 * How 履职通 carries card buttons through a DingTalk interactive card and back. encode.ts
 * writes these cardParamMap keys, the template in card-template.json reads them, and the
 * button's 回传请求 (callback) in that template returns the `CALLBACK_*` params, which
 * decode.ts reads from cardPrivateData.params.
 *
 * cardParamMap values are strings (PROTOCOLS.md §2.5), so the button list travels as JSON.
 */

/** cardParamMap keys (template variables). */
export const CARD_VARS = {
  title: 'title',
  /** green / yellow / red / blue / neutral: the header colour. */
  tone: 'tone',
  /** Fields, body and note, as DingTalk markdown. */
  markdown: 'markdown',
  /** JSON string: CardButtonParam[]. */
  buttons: 'buttons',
  /** "true" / "false", so the template can hide the button row. */
  hasButtons: 'hasButtons',
  /** Changes whenever the card's content changes; echoed by every button press. */
  nonce: 'nonce',
} as const;

/** One entry of the `buttons` variable; the template loops over it. */
export interface CardButtonParam {
  text: string;
  /** primary / danger / default (the template maps them to button colours). */
  style: string;
  /** ActionInput.id. */
  action: string;
  /** JSON string of ActionInput.params (a flat string map). */
  args: string;
}

/**
 * The callback params each button sends back, as configured in the template:
 * {"action":"${item.action}","args":"${item.args}","nonce":"${nonce}"}.
 */
export const CALLBACK_PARAMS = { action: 'action', args: 'args', nonce: 'nonce' } as const;

/** 32-bit FNV-1a as hex: a short, stable fingerprint (dedup keys, render nonces; not for security). */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
