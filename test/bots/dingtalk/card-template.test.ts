import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALLBACK_PARAMS, CARD_VARS } from '../../../bots/dingtalk/card-protocol.js';
import { encodeCardParams } from '../../../bots/dingtalk/encode.js';

interface Template {
  variables: { name: string }[];
  layout: { button?: { onClick: { params: Record<string, string> } } }[];
}
const template = JSON.parse(readFileSync(new URL('../../../bots/dingtalk/card-template.json', import.meta.url), 'utf8')) as Template;

describe('card-template.json', () => {
  it('declares exactly the variables encode.ts fills', () => {
    const fromEncoder = Object.keys(encodeCardParams({ title: 't', buttons: [] })).sort();
    expect(template.variables.map((v) => v.name).sort()).toEqual(fromEncoder);
    expect(fromEncoder).toEqual(Object.values(CARD_VARS).sort());
  });

  it('sends back the callback params decode.ts reads', () => {
    const params = template.layout.find((c) => c.button)!.button!.onClick.params;
    expect(Object.keys(params).sort()).toEqual(Object.values(CALLBACK_PARAMS).sort());
  });
});
