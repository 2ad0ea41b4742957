import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCardCallback, decodeRobotMessage, isCardCallback, parseReplyHint } from '../../../bots/dingtalk/decode.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const now = new Date('2026-11-21T08:00:00Z');

describe('decodeRobotMessage', () => {
  it('decodes a one-to-one text: sender, tenant, direct, trimmed text, dedup key, reply hint', () => {
    const m = decodeRobotMessage(fixture('text-direct'), { now })!;
    expect(m).toMatchObject({
      id: 'msgDirectText0001==',
      sender: { channel: 'dingtalk', externalId: 'staff-zhangsan', tenant: 'dingcorp0001', name: '张三' },
      conversation: { channel: 'dingtalk', id: 'cidDirect00000000000000==', isDirect: true },
      text: '我的待办',
      dedupKeys: ['msg:msgDirectText0001=='],
      receivedAt: new Date(1763764600000),
    });
    expect(m.mentioned).toBeUndefined();
    expect(parseReplyHint(m.replyHint)).toEqual({
      sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=sess-direct-1',
      expiresAt: 1763770000000,
      conversationId: 'cidDirect00000000000000==',
      isDirect: true,
      userId: 'staff-zhangsan',
    });
  });

  it('decodes a group text: mentioned from isInAtList, the space after the stripped @ removed', () => {
    const m = decodeRobotMessage(fixture('text-group'), { now })!;
    expect(m).toMatchObject({ text: '提交问题', mentioned: true, conversation: { id: 'cidGroup0000000000000==', isDirect: false } });
    const quiet = decodeRobotMessage({ ...fixture('text-group'), isInAtList: false }, { now })!;
    expect(quiet.mentioned).toBe(false);
  });

  it('accepts the payload as a JSON string too', () => {
    expect(decodeRobotMessage(JSON.stringify(fixture('text-direct')), { now })?.text).toBe('我的待办');
  });

  it('decodes a picture, with content as an object or as a JSON string', () => {
    expect(decodeRobotMessage(fixture('picture'), { now })).toMatchObject({ attachments: [{ kind: 'image', ref: 'dl-picture-1' }] });
    const m = decodeRobotMessage(fixture('picture-string-content'), { now })!;
    expect(m.attachments).toEqual([{ kind: 'image', ref: 'dl-picture-2' }]);
    expect(m.text).toBeUndefined();
    expect(m.sender.tenant).toBe('');
  });

  it('decodes richText: text parts joined, pictures as attachments', () => {
    const m = decodeRobotMessage(fixture('rich-text'), { now })!;
    expect(m.text).toBe('道路积水，\n请尽快处理');
    expect(m.attachments).toEqual([{ kind: 'image', ref: 'dl-rich-1' }]);
  });

  it('decodes a file with its name', () => {
    expect(decodeRobotMessage(fixture('file'), { now })?.attachments).toEqual([{ kind: 'file', ref: 'dl-file-1', name: '整改报告.docx' }]);
  });

  it('uses the voice transcription of an audio message as its text', () => {
    const m = decodeRobotMessage({ ...fixture('picture'), msgtype: 'audio', content: { downloadCode: 'dl-a', recognition: '我的待办' } }, { now })!;
    expect(m.text).toBe('我的待办');
  });

  it('falls back to now when createAt is missing', () => {
    const { createAt: _drop, ...rest } = fixture('text-direct');
    expect(decodeRobotMessage(rest, { now })?.receivedAt).toEqual(now);
  });

  it('returns null without msgId, sender or conversation, and for junk', () => {
    for (const k of ['msgId', 'conversationId']) {
      expect(decodeRobotMessage({ ...fixture('text-direct'), [k]: undefined }, { now })).toBeNull();
    }
    expect(decodeRobotMessage({ ...fixture('text-direct'), senderStaffId: undefined, senderId: undefined }, { now })).toBeNull();
    expect(decodeRobotMessage('not json', { now })).toBeNull();
    expect(decodeRobotMessage([1, 2], { now })).toBeNull();
  });
  it('marks as unreadable a message whose content has a shape it does not know, so the sender gets an answer', () => {
    for (const bad of [{ msgtype: 'text', text: { content: 42 } }, { msgtype: 'text', text: 'x' }, { msgtype: 'picture', content: { downloadCode: {} } }, { msgtype: 'richText', content: { richText: [null, 1] } }, { msgtype: 'sticker' }]) {
      expect(decodeRobotMessage({ ...fixture('text-direct'), ...bad }, { now })).toMatchObject({ unreadable: true, sender: { externalId: 'staff-zhangsan' } });
    }
    expect(decodeRobotMessage({ ...fixture('text-direct'), text: { content: '  ' } }, { now })!.unreadable).toBeUndefined();
  });

  it('never throws on malformed fields and makes every string well-formed', () => {
    const m = decodeRobotMessage({ ...fixture('text-group'), msgId: 'msg\ud800', senderStaffId: 'staff\udfff', text: { content: '提交\ud800问题' }, isInAtList: 'yes', createAt: 1e300 }, { now })!;
    expect(m).toMatchObject({ id: 'msg\ufffd', dedupKeys: ['msg:msg\ufffd'], sender: { externalId: 'staff\ufffd' }, text: '提交\ufffd问题', mentioned: false, receivedAt: now });
    expect(JSON.stringify(m).isWellFormed()).toBe(true);
    for (const junk of [null, 0, '', '[]', { msgId: [], conversationId: {}, senderStaffId: 1 }, { ...fixture('text-direct'), content: '{"richText": 5}', msgtype: 'richText' }]) {
      expect(() => decodeRobotMessage(junk, { now })).not.toThrow();
      expect(() => decodeCardCallback(junk, { now })).not.toThrow();
    }
    const press = decodeCardCallback({ ...fixture('card-callback'), content: { cardPrivateData: { actionIds: [null, 'btn'], params: { action: 'x\ud800', args: '{"k\\ud800":"v\\udc00"}' } } } }, { now })!;
    expect(press.action).toEqual({ id: 'x\ufffd', params: { 'k\ufffd': 'v\ufffd' } });
  });
});

describe('decodeCardCallback', () => {
  it('decodes a button press: action id and params from our template, the card, the user', () => {
    const payload = fixture('card-callback');
    expect(isCardCallback(payload)).toBe(true);
    expect(isCardCallback(fixture('text-direct'))).toBe(false);
    const m = decodeCardCallback(payload, { now })!;
    expect(m).toMatchObject({
      sender: { channel: 'dingtalk', externalId: 'staff-zhangsan', tenant: 'dingcorp0001' },
      conversation: { id: 'staff-zhangsan', isDirect: true },
      action: { id: 'form.sign', params: { code: 'TS-2026-0001' } },
      cardMessageId: 'lzt_0123456789abcdef0123456789abcdef',
      receivedAt: now,
    });
    expect(m.dedupKeys).toHaveLength(1);
    expect(m.dedupKeys![0]).toMatch(/^card:lzt_0123456789abcdef0123456789abcdef:staff-zhangsan:form\.sign:[0-9a-f]{8}:9a8b7c6d$/);
  });

  it('keys presses apart by params and by card rendering, but not a double click', () => {
    const press = (params: Record<string, string>) =>
      decodeCardCallback({ ...fixture('card-callback'), content: { cardPrivateData: { actionIds: ['btn'], params } } }, { now })!.dedupKeys![0];
    const a = press({ action: 'pick', args: '{"n":"1"}', nonce: 'r1' });
    expect(press({ action: 'pick', args: '{"n":"1"}', nonce: 'r1' })).toBe(a);
    expect(press({ action: 'pick', args: '{"n":"2"}', nonce: 'r1' })).not.toBe(a);
    expect(press({ action: 'pick', args: '{"n":"1"}', nonce: 'r2' })).not.toBe(a);
  });

  it('reads a template not made by us: the first action id and the other params as strings', () => {
    const m = decodeCardCallback(
      { ...fixture('card-callback'), spaceType: 'IM_GROUP', spaceId: 'cidGroup==', content: JSON.stringify({ cardPrivateData: { actionIds: ['approve'], params: { id: 7, note: 'ok' } } }) },
      { now },
    )!;
    expect(m.action).toEqual({ id: 'approve', params: { id: '7', note: 'ok' } });
    expect(m.conversation).toEqual({ channel: 'dingtalk', id: 'cidGroup==', isDirect: false });
  });

  it('returns null without outTrackId, user or action', () => {
    expect(decodeCardCallback({ ...fixture('card-callback'), outTrackId: '' }, { now })).toBeNull();
    expect(decodeCardCallback({ ...fixture('card-callback'), userId: undefined }, { now })).toBeNull();
    expect(decodeCardCallback({ ...fixture('card-callback'), content: '{"cardPrivateData":{}}' }, { now })).toBeNull();
    expect(decodeCardCallback('{', { now })).toBeNull();
  });
});
