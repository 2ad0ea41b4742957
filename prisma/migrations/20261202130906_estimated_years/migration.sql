-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "confirmedBy" TEXT,
    "confirmedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PushItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pushFormId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "divisionId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "dueDate" TEXT,
    "dueAt" DATETIME,
    "dueProvisional" BOOLEAN NOT NULL DEFAULT false,
    "fixSummary" TEXT,
    "plan" TEXT,
    "plannedDate" TEXT,
    "feedback" TEXT,
    "evidence" TEXT NOT NULL DEFAULT '[]',
    "returnReason" TEXT,
    "verifyNote" TEXT,
    "closedAt" DATETIME,
    "extensionStatus" TEXT,
    "extensionDate" TEXT,
    "extensionReason" TEXT,
    "extensionNote" TEXT,
    "remindersPaused" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PushItem_pushFormId_fkey" FOREIGN KEY ("pushFormId") REFERENCES "PushForm" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PushItem_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PushItem" ("closedAt", "createdAt", "departmentId", "divisionId", "dueAt", "dueDate", "evidence", "extensionDate", "extensionNote", "extensionReason", "extensionStatus", "feedback", "fixSummary", "id", "plan", "plannedDate", "pushFormId", "remindersPaused", "reportId", "returnReason", "status", "updatedAt", "verifyNote", "version") SELECT "closedAt", "createdAt", "departmentId", "divisionId", "dueAt", "dueDate", "evidence", "extensionDate", "extensionNote", "extensionReason", "extensionStatus", "feedback", "fixSummary", "id", "plan", "plannedDate", "pushFormId", "remindersPaused", "reportId", "returnReason", "status", "updatedAt", "verifyNote", "version" FROM "PushItem";
DROP TABLE "PushItem";
ALTER TABLE "new_PushItem" RENAME TO "PushItem";
CREATE UNIQUE INDEX "PushItem_reportId_key" ON "PushItem"("reportId");
CREATE INDEX "PushItem_status_dueAt_idx" ON "PushItem"("status", "dueAt");
CREATE INDEX "PushItem_departmentId_status_idx" ON "PushItem"("departmentId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
