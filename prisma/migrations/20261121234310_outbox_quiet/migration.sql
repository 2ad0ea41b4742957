-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Outbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT NOT NULL,
    "personId" TEXT,
    "chatId" TEXT,
    "channel" TEXT,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "destination" TEXT,
    "platformMessageId" TEXT,
    "quiet" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Outbox" ("attempts", "channel", "chatId", "createdAt", "destination", "id", "idempotencyKey", "kind", "lastError", "nextAttemptAt", "payload", "personId", "platformMessageId", "sentAt", "status") SELECT "attempts", "channel", "chatId", "createdAt", "destination", "id", "idempotencyKey", "kind", "lastError", "nextAttemptAt", "payload", "personId", "platformMessageId", "sentAt", "status" FROM "Outbox";
DROP TABLE "Outbox";
ALTER TABLE "new_Outbox" RENAME TO "Outbox";
CREATE UNIQUE INDEX "Outbox_idempotencyKey_key" ON "Outbox"("idempotencyKey");
CREATE INDEX "Outbox_status_nextAttemptAt_idx" ON "Outbox"("status", "nextAttemptAt");
CREATE INDEX "Outbox_personId_createdAt_idx" ON "Outbox"("personId", "createdAt");
CREATE INDEX "Outbox_platformMessageId_idx" ON "Outbox"("platformMessageId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

