-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "level" TEXT NOT NULL,
    "parentId" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Division" (
    "id" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Division_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mobile" TEXT,
    "departmentId" TEXT NOT NULL,
    "divisionId" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL DEFAULT '',
    "externalId" TEXT NOT NULL,
    "unionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3),

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "divisionId" TEXT,
    "scope" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT,
    "channel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "note" TEXT,
    "data" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outbox" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "personId" TEXT,
    "chatId" TEXT,
    "channel" TEXT,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "destination" TEXT,
    "platformMessageId" TEXT,
    "quiet" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedInbound" (
    "platform" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "payload" TEXT,
    "status" TEXT NOT NULL DEFAULT 'done',
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "ProcessedInbound_pkey" PRIMARY KEY ("platform","key")
);

-- CreateTable
CREATE TABLE "CalendarOverride" (
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "note" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarOverride_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "AppMeta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppMeta_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushForm" (
    "id" TEXT NOT NULL,
    "code" TEXT,
    "docNumber" TEXT,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "requirements" TEXT,
    "deadlineWorkdays" INTEGER,
    "dueDate" TEXT,
    "dueAt" TIMESTAMP(3),
    "dueProvisional" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT NOT NULL,
    "issuedById" TEXT,
    "issuedAt" TIMESTAMP(3),
    "signedById" TEXT,
    "signedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PushForm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushItem" (
    "id" TEXT NOT NULL,
    "pushFormId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "divisionId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "dueDate" TEXT,
    "dueAt" TIMESTAMP(3),
    "fixSummary" TEXT,
    "plan" TEXT,
    "plannedDate" TEXT,
    "feedback" TEXT,
    "evidence" TEXT NOT NULL DEFAULT '[]',
    "returnReason" TEXT,
    "verifyNote" TEXT,
    "closedAt" TIMESTAMP(3),
    "extensionStatus" TEXT,
    "extensionDate" TEXT,
    "extensionReason" TEXT,
    "extensionNote" TEXT,
    "remindersPaused" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PushItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Counter" (
    "key" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "DialogState" (
    "personId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DialogState_pkey" PRIMARY KEY ("personId","channel")
);

-- CreateTable
CREATE TABLE "BindingCode" (
    "code" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BindingCode_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ChatBinding" (
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatBinding_pkey" PRIMARY KEY ("platform","chatId")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "timeline" TEXT NOT NULL DEFAULT '',
    "job" TEXT NOT NULL,
    "occurrence" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,
    "summary" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("timeline","job","occurrence")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ScheduleSetting" (
    "job" TEXT NOT NULL,
    "cron" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduleSetting_pkey" PRIMARY KEY ("job")
);

-- CreateTable
CREATE TABLE "CollectionRound" (
    "id" TEXT NOT NULL,
    "timeline" TEXT NOT NULL DEFAULT '',
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "opensOn" TEXT NOT NULL,
    "remindOn" TEXT NOT NULL,
    "closesOn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "CollectionRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectionResponse" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reportId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectionResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "contentType" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "data" BYTEA,
    "ref" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Department_name_key" ON "Department"("name");

-- CreateIndex
CREATE INDEX "Department_parentId_idx" ON "Department"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Division_departmentId_name_key" ON "Division"("departmentId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Person_mobile_key" ON "Person"("mobile");

-- CreateIndex
CREATE INDEX "Person_departmentId_idx" ON "Person"("departmentId");

-- CreateIndex
CREATE INDEX "Person_name_idx" ON "Person"("name");

-- CreateIndex
CREATE INDEX "Identity_personId_idx" ON "Identity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_platform_tenant_externalId_key" ON "Identity"("platform", "tenant", "externalId");

-- CreateIndex
CREATE INDEX "RoleAssignment_role_idx" ON "RoleAssignment"("role");

-- CreateIndex
CREATE INDEX "RoleAssignment_departmentId_idx" ON "RoleAssignment"("departmentId");

-- CreateIndex
CREATE INDEX "RoleAssignment_divisionId_idx" ON "RoleAssignment"("divisionId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_personId_role_scope_key" ON "RoleAssignment"("personId", "role", "scope");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Outbox_idempotencyKey_key" ON "Outbox"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Outbox_status_nextAttemptAt_idx" ON "Outbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Outbox_personId_createdAt_idx" ON "Outbox"("personId", "createdAt");

-- CreateIndex
CREATE INDEX "Outbox_platformMessageId_idx" ON "Outbox"("platformMessageId");

-- CreateIndex
CREATE INDEX "ProcessedInbound_expiresAt_idx" ON "ProcessedInbound"("expiresAt");

-- CreateIndex
CREATE INDEX "ProcessedInbound_status_idx" ON "ProcessedInbound"("status");

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

-- CreateIndex
CREATE INDEX "BindingCode_personId_idx" ON "BindingCode"("personId");

-- CreateIndex
CREATE INDEX "ChatBinding_departmentId_idx" ON "ChatBinding"("departmentId");

-- CreateIndex
CREATE INDEX "JobRun_timeline_job_status_idx" ON "JobRun"("timeline", "job", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CollectionRound_timeline_year_quarter_key" ON "CollectionRound"("timeline", "year", "quarter");

-- CreateIndex
CREATE INDEX "CollectionResponse_roundId_idx" ON "CollectionResponse"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "CollectionResponse_roundId_personId_kind_key" ON "CollectionResponse"("roundId", "personId", "kind");

-- CreateIndex
CREATE INDEX "Attachment_reportId_idx" ON "Attachment"("reportId");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Division" ADD CONSTRAINT "Division_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Report"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushForm" ADD CONSTRAINT "PushForm_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushItem" ADD CONSTRAINT "PushItem_pushFormId_fkey" FOREIGN KEY ("pushFormId") REFERENCES "PushForm"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushItem" ADD CONSTRAINT "PushItem_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectionResponse" ADD CONSTRAINT "CollectionResponse_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "CollectionRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
