-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
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
    "completedAt" TIMESTAMP(3),
    "verifiedScore" DOUBLE PRECISION,
    "verifyNote" TEXT,
    "registeredBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetEvent" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "actorPersonId" TEXT,
    "reason" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TargetEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetProgress" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "percent" INTEGER,
    "milestone" TEXT,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TargetProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfEvaluation" (
    "id" TEXT NOT NULL,
    "timeline" TEXT NOT NULL DEFAULT '',
    "year" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "items" TEXT NOT NULL DEFAULT '[]',
    "report" TEXT NOT NULL DEFAULT '',
    "confirmed" BOOLEAN NOT NULL DEFAULT false,
    "submittedBy" TEXT,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SelfEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationInput" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "departmentId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "importedBy" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvaluationInput_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationAdjustment" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "departmentId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "byPersonId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvaluationAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "departmentId" TEXT NOT NULL,
    "dimensions" TEXT NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "rank" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TargetSetting_pkey" PRIMARY KEY ("key")
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

-- AddForeignKey
ALTER TABLE "TargetEvent" ADD CONSTRAINT "TargetEvent_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetProgress" ADD CONSTRAINT "TargetProgress_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
