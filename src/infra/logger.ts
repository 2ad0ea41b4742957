import pino from 'pino';
import type { Logger } from '../ports/logger.js';

/** pino, with secrets redacted wherever they might appear in a logged object. */
export function createPinoLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'lvzhitong' },
      redact: {
        paths: [
          '*.clientSecret', '*.appSecret', '*.adminToken', '*.accessToken', '*.access_token', '*.token',
          '*.encryptKey', '*.password', 'config', 'headers.authorization', '*.headers.authorization',
        ],
        censor: '[redacted]',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  ) as unknown as Logger;
}
