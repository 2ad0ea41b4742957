-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "level" TEXT NOT NULL,
    "parentId" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Department_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Department" ("createdAt", "id", "isDemo", "level", "name", "parentId", "shortName", "updatedAt") SELECT "createdAt", "id", "isDemo", "level", "name", "parentId", "shortName", "updatedAt" FROM "Department";
DROP TABLE "Department";
ALTER TABLE "new_Department" RENAME TO "Department";
CREATE UNIQUE INDEX "Department_name_key" ON "Department"("name");
CREATE INDEX "Department_parentId_idx" ON "Department"("parentId");
CREATE TABLE "new_Division" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Division_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Division" ("createdAt", "departmentId", "id", "name") SELECT "createdAt", "departmentId", "id", "name" FROM "Division";
DROP TABLE "Division";
ALTER TABLE "new_Division" RENAME TO "Division";
CREATE UNIQUE INDEX "Division_departmentId_name_key" ON "Division"("departmentId", "name");
CREATE TABLE "new_Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "mobile" TEXT,
    "departmentId" TEXT NOT NULL,
    "divisionId" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Person_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Person_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Person" ("active", "createdAt", "departmentId", "divisionId", "id", "isDemo", "mobile", "name", "updatedAt") SELECT "active", "createdAt", "departmentId", "divisionId", "id", "isDemo", "mobile", "name", "updatedAt" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE UNIQUE INDEX "Person_mobile_key" ON "Person"("mobile");
CREATE INDEX "Person_departmentId_idx" ON "Person"("departmentId");
CREATE INDEX "Person_name_idx" ON "Person"("name");
CREATE TABLE "new_Identity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL DEFAULT '',
    "externalId" TEXT NOT NULL,
    "unionId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME,
    CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Identity" ("createdAt", "externalId", "id", "lastSeenAt", "personId", "platform", "tenant", "unionId") SELECT "createdAt", "externalId", "id", "lastSeenAt", "personId", "platform", "tenant", "unionId" FROM "Identity";
DROP TABLE "Identity";
ALTER TABLE "new_Identity" RENAME TO "Identity";
CREATE INDEX "Identity_personId_idx" ON "Identity"("personId");
CREATE UNIQUE INDEX "Identity_platform_tenant_externalId_key" ON "Identity"("platform", "tenant", "externalId");
CREATE TABLE "new_RoleAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "divisionId" TEXT,
    "scope" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "RoleAssignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_RoleAssignment" ("createdAt", "departmentId", "divisionId", "id", "personId", "role", "scope") SELECT "createdAt", "departmentId", "divisionId", "id", "personId", "role", "scope" FROM "RoleAssignment";
DROP TABLE "RoleAssignment";
ALTER TABLE "new_RoleAssignment" RENAME TO "RoleAssignment";
CREATE INDEX "RoleAssignment_role_idx" ON "RoleAssignment"("role");
CREATE INDEX "RoleAssignment_departmentId_idx" ON "RoleAssignment"("departmentId");
CREATE INDEX "RoleAssignment_divisionId_idx" ON "RoleAssignment"("divisionId");
CREATE UNIQUE INDEX "RoleAssignment_personId_role_scope_key" ON "RoleAssignment"("personId", "role", "scope");
CREATE TABLE "new_AuditLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actorId" TEXT,
    "channel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "note" TEXT,
    "data" TEXT
);
INSERT INTO "new_AuditLog" ("action", "actorId", "at", "channel", "data", "entityId", "entityType", "fromState", "id", "note", "toState") SELECT "action", "actorId", "at", "channel", "data", "entityId", "entityType", "fromState", "id", "note", "toState" FROM "AuditLog";
DROP TABLE "AuditLog";
ALTER TABLE "new_AuditLog" RENAME TO "AuditLog";
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");
CREATE TABLE "new_Outbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "personId" TEXT,
    "chatId" TEXT,
    "channel" TEXT,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "destination" TEXT,
    "platformMessageId" TEXT,
    "quiet" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Outbox" ("attempts", "channel", "chatId", "createdAt", "destination", "id", "idempotencyKey", "kind", "lastError", "nextAttemptAt", "payload", "personId", "platformMessageId", "quiet", "sentAt", "status") SELECT "attempts", "channel", "chatId", "createdAt", "destination", "id", "idempotencyKey", "kind", "lastError", "nextAttemptAt", "payload", "personId", "platformMessageId", "quiet", "sentAt", "status" FROM "Outbox";
DROP TABLE "Outbox";
ALTER TABLE "new_Outbox" RENAME TO "Outbox";
CREATE UNIQUE INDEX "Outbox_idempotencyKey_key" ON "Outbox"("idempotencyKey");
CREATE INDEX "Outbox_status_nextAttemptAt_idx" ON "Outbox"("status", "nextAttemptAt");
CREATE INDEX "Outbox_personId_createdAt_idx" ON "Outbox"("personId", "createdAt");
CREATE INDEX "Outbox_platformMessageId_idx" ON "Outbox"("platformMessageId");
CREATE TABLE "new_ProcessedInbound" (
    "platform" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "payload" TEXT,
    "status" TEXT NOT NULL DEFAULT 'done',
    "processedAt" DATETIME,

    PRIMARY KEY ("platform", "key")
);
INSERT INTO "new_ProcessedInbound" ("expiresAt", "key", "payload", "platform", "processedAt", "receivedAt", "status") SELECT "expiresAt", "key", "payload", "platform", "processedAt", "receivedAt", "status" FROM "ProcessedInbound";
DROP TABLE "ProcessedInbound";
ALTER TABLE "new_ProcessedInbound" RENAME TO "ProcessedInbound";
CREATE INDEX "ProcessedInbound_expiresAt_idx" ON "ProcessedInbound"("expiresAt");
CREATE INDEX "ProcessedInbound_status_idx" ON "ProcessedInbound"("status");
CREATE TABLE "new_CalendarOverride" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "note" TEXT,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_CalendarOverride" ("createdAt", "createdBy", "date", "kind", "name", "note") SELECT "createdAt", "createdBy", "date", "kind", "name", "note" FROM "CalendarOverride";
DROP TABLE "CalendarOverride";
ALTER TABLE "new_CalendarOverride" RENAME TO "CalendarOverride";
CREATE TABLE "new_Report" (
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
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Report" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Report" ("attachments", "channel", "createdAt", "departmentId", "description", "id", "mergedIntoId", "number", "rejectReason", "reporterId", "source", "status", "type", "updatedAt", "version") SELECT "attachments", "channel", "createdAt", "departmentId", "description", "id", "mergedIntoId", "number", "rejectReason", "reporterId", "source", "status", "type", "updatedAt", "version" FROM "Report";
DROP TABLE "Report";
ALTER TABLE "new_Report" RENAME TO "Report";
CREATE UNIQUE INDEX "Report_number_key" ON "Report"("number");
CREATE INDEX "Report_status_createdAt_idx" ON "Report"("status", "createdAt");
CREATE INDEX "Report_departmentId_idx" ON "Report"("departmentId");
CREATE INDEX "Report_reporterId_idx" ON "Report"("reporterId");
CREATE TABLE "new_PushForm" (
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
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PushForm_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PushForm" ("code", "createdAt", "createdById", "deadlineWorkdays", "departmentId", "docNumber", "dueAt", "dueDate", "dueProvisional", "id", "issuedAt", "issuedById", "requirements", "signedAt", "signedById", "status", "updatedAt", "version") SELECT "code", "createdAt", "createdById", "deadlineWorkdays", "departmentId", "docNumber", "dueAt", "dueDate", "dueProvisional", "id", "issuedAt", "issuedById", "requirements", "signedAt", "signedById", "status", "updatedAt", "version" FROM "PushForm";
DROP TABLE "PushForm";
ALTER TABLE "new_PushForm" RENAME TO "PushForm";
CREATE UNIQUE INDEX "PushForm_code_key" ON "PushForm"("code");
CREATE INDEX "PushForm_departmentId_status_idx" ON "PushForm"("departmentId", "status");
CREATE TABLE "new_PushItem" (
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
CREATE TABLE "new_BindingCode" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_BindingCode" ("code", "createdAt", "createdById", "expiresAt", "personId", "usedAt") SELECT "code", "createdAt", "createdById", "expiresAt", "personId", "usedAt" FROM "BindingCode";
DROP TABLE "BindingCode";
ALTER TABLE "new_BindingCode" RENAME TO "BindingCode";
CREATE INDEX "BindingCode_personId_idx" ON "BindingCode"("personId");
CREATE TABLE "new_ChatBinding" (
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "chatId")
);
INSERT INTO "new_ChatBinding" ("chatId", "createdAt", "createdById", "departmentId", "platform") SELECT "chatId", "createdAt", "createdById", "departmentId", "platform" FROM "ChatBinding";
DROP TABLE "ChatBinding";
ALTER TABLE "new_ChatBinding" RENAME TO "ChatBinding";
CREATE INDEX "ChatBinding_departmentId_idx" ON "ChatBinding"("departmentId");
CREATE TABLE "new_Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "contentType" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "data" BLOB,
    "ref" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_Attachment" ("channel", "contentType", "createdAt", "data", "error", "id", "kind", "name", "purpose", "ref", "reportId", "size") SELECT "channel", "contentType", "createdAt", "data", "error", "id", "kind", "name", "purpose", "ref", "reportId", "size" FROM "Attachment";
DROP TABLE "Attachment";
ALTER TABLE "new_Attachment" RENAME TO "Attachment";
CREATE INDEX "Attachment_reportId_idx" ON "Attachment"("reportId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

