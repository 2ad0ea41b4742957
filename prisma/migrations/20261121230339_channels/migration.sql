-- AlterTable
ALTER TABLE "Identity" ADD COLUMN "lastSeenAt" DATETIME;

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "destination" TEXT;
ALTER TABLE "Outbox" ADD COLUMN "platformMessageId" TEXT;

-- CreateTable
CREATE TABLE "BindingCode" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ChatBinding" (
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("platform", "chatId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProcessedInbound" (
    "platform" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "payload" TEXT,
    "status" TEXT NOT NULL DEFAULT 'done',
    "processedAt" DATETIME,

    PRIMARY KEY ("platform", "key")
);
INSERT INTO "new_ProcessedInbound" ("expiresAt", "key", "platform", "receivedAt") SELECT "expiresAt", "key", "platform", "receivedAt" FROM "ProcessedInbound";
DROP TABLE "ProcessedInbound";
ALTER TABLE "new_ProcessedInbound" RENAME TO "ProcessedInbound";
CREATE INDEX "ProcessedInbound_expiresAt_idx" ON "ProcessedInbound"("expiresAt");
CREATE INDEX "ProcessedInbound_status_idx" ON "ProcessedInbound"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BindingCode_personId_idx" ON "BindingCode"("personId");

-- CreateIndex
CREATE INDEX "ChatBinding_departmentId_idx" ON "ChatBinding"("departmentId");

-- CreateIndex
CREATE INDEX "Outbox_platformMessageId_idx" ON "Outbox"("platformMessageId");

