-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "rejectReason" TEXT,
    "mergedIntoId" TEXT,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Report" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PushForm" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT,
    "docNumber" TEXT,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "requirements" TEXT,
    "deadlineWorkdays" INTEGER,
    "dueDate" TEXT,
    "dueAt" DATETIME,
    "dueProvisional" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT NOT NULL,
    "issuedById" TEXT,
    "issuedAt" DATETIME,
    "signedById" TEXT,
    "signedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PushForm_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PushItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pushFormId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "divisionId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "dueDate" TEXT,
    "dueAt" DATETIME,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PushItem_pushFormId_fkey" FOREIGN KEY ("pushFormId") REFERENCES "PushForm" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PushItem_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Counter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "DialogState" (
    "personId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("personId", "channel")
);

-- CreateIndex
CREATE UNIQUE INDEX "Report_number_key" ON "Report"("number");

-- CreateIndex
CREATE INDEX "Report_status_createdAt_idx" ON "Report"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Report_departmentId_idx" ON "Report"("departmentId");

-- CreateIndex
CREATE INDEX "Report_reporterId_idx" ON "Report"("reporterId");

-- CreateIndex
CREATE UNIQUE INDEX "PushForm_code_key" ON "PushForm"("code");

-- CreateIndex
CREATE INDEX "PushForm_departmentId_status_idx" ON "PushForm"("departmentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PushItem_reportId_key" ON "PushItem"("reportId");

-- CreateIndex
CREATE INDEX "PushItem_status_dueAt_idx" ON "PushItem"("status", "dueAt");

-- CreateIndex
CREATE INDEX "PushItem_departmentId_status_idx" ON "PushItem"("departmentId", "status");

