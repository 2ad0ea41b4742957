import { describe, expect, it } from 'vitest';
import { decodeFeishuEvent, parseButtonValue } from '../../../bots/feishu/decode.js';
import { cardActionEvent, FAKE_BOT_OPEN_ID, FAKE_TENANT, messageEvent, textEvent } from '../../fakes/feishu/envelopes.js';

const bot = { key: '@_user_1', openId: FAKE_BOT_OPEN_ID, name: '履职通' };
const colleague = { key: '@_user_2', openId: 'ou_colleague', name: '李四' };

describe('decode im.message.receive_v1', () => {
  it('a one-to-one text: sender, tenant, conversation, dedup keys (message id first), reply hint', () => {
    const env = textEvent('ou_alice', '我的待办', { messageId: 'om_1', eventId: 'ev_1', chatId: 'oc_dm' });
    const m = decodeFeishuEvent(env)!;
    expect(m).toMatchObject({
      id: 'om_1',
      text: '我的待办',
      sender: { channel: 'feishu', externalId: 'ou_alice', unionId: 'on_alice', tenant: FAKE_TENANT },
      conversation: { channel: 'feishu', id: 'oc_dm', isDirect: true },
      mentioned: false,
      dedupKeys: ['msg:om_1'],
      replyHint: 'om_1',
    });
    expect(m.receivedAt).toBeInstanceOf(Date);
  });

  it('a group text that @-mentions the bot (open_id known): mentioned, placeholder gone, others spelled out', () => {
    const env = textEvent('ou_alice', '@_user_1 请 @_user_2 签收', { chatType: 'group', chatId: 'oc_g', mentions: [bot, colleague] });
    const m = decodeFeishuEvent(env, { botOpenId: FAKE_BOT_OPEN_ID })!;
    expect(m).toMatchObject({ text: '请 @李四 签收', mentioned: true, conversation: { id: 'oc_g', isDirect: false } });
  });

  it('a group text that mentions only someone else is not for the bot when its open_id is known', () => {
    const env = textEvent('ou_alice', '@_user_2 你好', { chatType: 'group', mentions: [colleague] });
    expect(decodeFeishuEvent(env, { botOpenId: FAKE_BOT_OPEN_ID })).toMatchObject({ mentioned: false, text: '@李四 你好' });
  });

  it('without the bot open_id, any mention in a group counts (Feishu delivers only @-bot group messages by default)', () => {
    const env = textEvent('ou_alice', '@_user_1 我的待办', { chatType: 'group', mentions: [bot] });
    expect(decodeFeishuEvent(env)).toMatchObject({ mentioned: true, text: '我的待办' });
    const plain = textEvent('ou_alice', '大家好', { chatType: 'group' });
    expect(decodeFeishuEvent(plain)).toMatchObject({ mentioned: false, text: '大家好' });
  });

  it('@_user_10 is not eaten by @_user_1', () => {
    const many = [bot, { key: '@_user_10', openId: 'ou_ten', name: '十号' }];
    const env = textEvent('ou_alice', '@_user_1 转 @_user_10', { chatType: 'group', mentions: many });
    expect(decodeFeishuEvent(env, { botOpenId: FAKE_BOT_OPEN_ID })!.text).toBe('转 @十号');
  });

  it('a post: title and paragraphs as text, at-nodes resolved, images as attachments', () => {
    const content = {
      title: '整改报告',
      content: [
        [{ tag: 'at', user_id: '@_user_1', user_name: '履职通' }, { tag: 'text', text: ' 已完成整改' }],
        [{ tag: 'img', image_key: 'img_v3_abc' }, { tag: 'a', text: '附件说明', href: 'https://example.org' }],
      ],
    };
    const env = messageEvent({ openId: 'ou_alice', chatType: 'group', messageType: 'post', content, mentions: [bot], messageId: 'om_post' });
    const m = decodeFeishuEvent(env, { botOpenId: FAKE_BOT_OPEN_ID })!;
    expect(m.text).toBe('整改报告\n已完成整改\n附件说明');
    expect(m.mentioned).toBe(true);
    expect(m.attachments).toEqual([{ kind: 'image', ref: 'om_post:img_v3_abc' }]);
  });

  it('a post in the locale-wrapped form', () => {
    const content = { zh_cn: { title: '标题', content: [[{ tag: 'text', text: '正文' }]] } };
    const env = messageEvent({ openId: 'ou_alice', messageType: 'post', content });
    expect(decodeFeishuEvent(env)!.text).toBe('标题\n正文');
  });

  it('an image and a file become attachments with message_id:key refs', () => {
    const img = decodeFeishuEvent(messageEvent({ openId: 'ou_a', messageType: 'image', content: { image_key: 'img_1' }, messageId: 'om_i' }))!;
    expect(img.attachments).toEqual([{ kind: 'image', ref: 'om_i:img_1' }]);
    expect(img.text).toBeUndefined();
    const file = decodeFeishuEvent(messageEvent({ openId: 'ou_a', messageType: 'file', content: { file_key: 'file_1', file_name: '报告.pdf' }, messageId: 'om_f' }))!;
    expect(file.attachments).toEqual([{ kind: 'file', ref: 'om_f:file_1', name: '报告.pdf' }]);
  });

  it('ignores messages from apps, unknown events and a readable message with nothing in it', () => {
    expect(decodeFeishuEvent(textEvent('ou_a', 'hi', { senderType: 'app' }))).toBeNull();
    expect(decodeFeishuEvent({ schema: '2.0', header: { event_type: 'im.chat.member.bot.added_v1' }, event: {} })).toBeNull();
    const onlyBot = textEvent('ou_alice', '@_user_1', { chatType: 'group', mentions: [bot] });
    expect(decodeFeishuEvent(onlyBot, { botOpenId: FAKE_BOT_OPEN_ID })).toBeNull();
  });

  it('marks as unreadable what it cannot read, so the sender gets an answer: stickers, broken or malformed content', () => {
    const broken = textEvent('ou_a', 'x');
    (broken.event.message as { content: string }).content = '{not json';
    const unreadable = [
      messageEvent({ openId: 'ou_a', messageType: 'sticker', content: { file_key: 'x' } }),
      broken,
      messageEvent({ openId: 'ou_a', messageType: 'text', content: { text: 42 } }),
      messageEvent({ openId: 'ou_a', messageType: 'post', content: { content: [[null]] } }),
      messageEvent({ openId: 'ou_a', messageType: 'post', content: { zh_cn: { content: {} } } }),
      messageEvent({ openId: 'ou_a', messageType: 'image', content: { image_key: ['x'] } }),
    ];
    for (const env of unreadable) expect(decodeFeishuEvent(env)).toMatchObject({ unreadable: true, sender: { externalId: 'ou_a' } });
  });

  it('never throws on malformed fields (mentions:[null], non-object events) and makes every string well-formed', () => {
    const env = textEvent('ou_a\ud800', '@_user_1 你好\udc00', { chatType: 'group', mentions: [bot] });
    (env.event.message as { mentions: unknown[] }).mentions.push(null, 7, { key: 3 });
    const m = decodeFeishuEvent(env)!;
    expect(m).toMatchObject({ text: '你好\ufffd', sender: { externalId: 'ou_a\ufffd' }, mentioned: true });
    expect(JSON.stringify(m).isWellFormed()).toBe(true);
    for (const event of [null, 1, 'x', [], { message: [] }, { message: { content: 5 } }]) {
      expect(() => decodeFeishuEvent({ schema: '2.0', header: { event_type: 'im.message.receive_v1' }, event })).not.toThrow();
    }
    expect(decodeFeishuEvent({ schema: '2.0', header: [] as never, event: {} })).toBeNull();
  });
});

describe('decode card.action.trigger', () => {
  it('an action with its parameters, the pressed card, the callback token as reply hint, the event id as dedup key', () => {
    const env = cardActionEvent({
      openId: 'ou_alice',
      messageId: 'om_card',
      chatId: 'oc_dm',
      token: 'c-token-1',
      value: { id: 'form.sign', params: { code: 'TS-2026-0001' }, chat: 'p2p' },
      eventId: 'ev_card',
    });
    expect(decodeFeishuEvent(env)).toMatchObject({
      action: { id: 'form.sign', params: { code: 'TS-2026-0001' } },
      sender: { externalId: 'ou_alice', tenant: FAKE_TENANT },
      conversation: { id: 'oc_dm', isDirect: true },
      cardMessageId: 'om_card',
      replyHint: 'card-token:c-token-1',
      dedupKeys: ['evt:ev_card'],
    });
  });

  it('a group card press is not direct', () => {
    const env = cardActionEvent({ openId: 'ou_a', messageId: 'om_c', chatId: 'oc_g', token: 't', value: { id: 'x', chat: 'group' } });
    expect(decodeFeishuEvent(env)!.conversation.isDirect).toBe(false);
  });

  it('button values: JSON strings and non-string params are tolerated, foreign shapes rejected', () => {
    expect(parseButtonValue('{"id":"a","params":{"n":3,"ok":true,"o":{}}}')).toEqual({ id: 'a', params: { n: '3', ok: 'true' } });
    expect(parseButtonValue({ action: 'confirm' })).toBeNull();
    expect(parseButtonValue(null)).toBeNull();
    const foreign = cardActionEvent({ openId: 'ou_a', messageId: 'om_c', chatId: 'oc_g', token: 't', value: { key: 'v' } });
    expect(decodeFeishuEvent(foreign)).toBeNull();
  });
});
