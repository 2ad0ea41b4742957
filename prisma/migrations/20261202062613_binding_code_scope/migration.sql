-- CreateTable
CREATE TABLE "AttemptWindow" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BindingCode" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "platform" TEXT NOT NULL DEFAULT '',
    "issuedUnder" TEXT NOT NULL DEFAULT '',
    "misses" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_BindingCode" ("code", "createdAt", "createdById", "expiresAt", "personId", "usedAt") SELECT "code", "createdAt", "createdById", "expiresAt", "personId", "usedAt" FROM "BindingCode";
DROP TABLE "BindingCode";
ALTER TABLE "new_BindingCode" RENAME TO "BindingCode";
CREATE INDEX "BindingCode_personId_idx" ON "BindingCode"("personId");
CREATE INDEX "BindingCode_platform_expiresAt_idx" ON "BindingCode"("platform", "expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AttemptWindow_expiresAt_idx" ON "AttemptWindow"("expiresAt");

