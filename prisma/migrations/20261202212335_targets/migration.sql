-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "timeline" TEXT NOT NULL DEFAULT '',
    "year" INTEGER NOT NULL,
    "departmentId" TEXT NOT NULL,
    "leadDivisionId" TEXT,
    "coDivisionIds" TEXT NOT NULL DEFAULT '[]',
    "title" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "dutyType" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "standard" TEXT NOT NULL,
    "leaderPersonId" TEXT,
    "dueDate" TEXT NOT NULL,
    "expectedOutcome" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "assessedElsewhere" BOOLEAN NOT NULL DEFAULT false,
    "assessedBy" TEXT,
    "returnReason" TEXT,
    "adjustment" TEXT,
    "percent" INTEGER,
    "completedAt" DATETIME,
    "verifiedScore" REAL,
    "verifyNote" TEXT,
    "registeredBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TargetEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "targetId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "actorPersonId" TEXT,
    "reason" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "at" DATETIME NOT NULL,
    CONSTRAINT "TargetEvent_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetProgress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "targetId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "percent" INTEGER,
    "milestone" TEXT,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "at" DATETIME NOT NULL,
    CONSTRAINT "TargetProgress_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SelfEvaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "timeline" TEXT NOT NULL DEFAULT '',
    "year" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "items" TEXT NOT NULL DEFAULT '[]',
    "report" TEXT NOT NULL DEFAULT '',
    "confirmed" BOOLEAN NOT NULL DEFAULT false,
    "submittedBy" TEXT,
    "submittedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EvaluationInput" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "departmentId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "importedBy" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EvaluationAdjustment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "departmentId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "reason" TEXT NOT NULL,
    "byPersonId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "departmentId" TEXT NOT NULL,
    "dimensions" TEXT NOT NULL,
    "total" REAL NOT NULL,
    "rank" INTEGER NOT NULL,
    "computedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TargetSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Target_number_key" ON "Target"("number");

-- CreateIndex
CREATE INDEX "Target_timeline_year_departmentId_status_idx" ON "Target"("timeline", "year", "departmentId", "status");

-- CreateIndex
CREATE INDEX "Target_status_dueDate_idx" ON "Target"("status", "dueDate");

-- CreateIndex
CREATE INDEX "TargetEvent_targetId_at_idx" ON "TargetEvent"("targetId", "at");

-- CreateIndex
CREATE INDEX "TargetProgress_targetId_at_idx" ON "TargetProgress"("targetId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "SelfEvaluation_timeline_year_period_departmentId_key" ON "SelfEvaluation"("timeline", "year", "period", "departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationInput_year_departmentId_source_key" ON "EvaluationInput"("year", "departmentId", "source");

-- CreateIndex
CREATE INDEX "EvaluationAdjustment_year_departmentId_idx" ON "EvaluationAdjustment"("year", "departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_year_departmentId_key" ON "Evaluation"("year", "departmentId");
