/**
 * DingTalk for the core. Portable entry (Node and Workers): the adapter, the HTTP-mode
 * webhook and the pure mappers. The Stream receiver needs Node (ws, the SDK) and is imported
 * from './stream.js' by runtime/node.ts only, so the Worker bundle never pulls it in.
 */
export { createDingtalkAdapter, DingtalkAdapter, type DingtalkAdapterDeps, type DingtalkConfig } from './adapter.js';
export { DingtalkApi, DingtalkApiError } from './api.js';
export { decodeCardCallback, decodeRobotMessage, parseReplyHint } from './decode.js';
export { encodeCardParams, encodeRobotMessage, encodeSessionReply } from './encode.js';
export { dingtalkSign, handleDingtalkWebhook, type DingtalkWebhookDeps } from './webhook.js';
