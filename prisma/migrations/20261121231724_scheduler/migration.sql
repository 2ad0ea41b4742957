-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL,
    "occurrence" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "error" TEXT,
    "summary" TEXT,

    PRIMARY KEY ("job", "occurrence")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScheduleSetting" (
    "job" TEXT NOT NULL PRIMARY KEY,
    "cron" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CollectionRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "opensOn" TEXT NOT NULL,
    "remindOn" TEXT NOT NULL,
    "closesOn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CollectionResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reportId" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "CollectionResponse_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "CollectionRound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "JobRun_job_status_idx" ON "JobRun"("job", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CollectionRound_year_quarter_key" ON "CollectionRound"("year", "quarter");

-- CreateIndex
CREATE INDEX "CollectionResponse_roundId_idx" ON "CollectionResponse"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "CollectionResponse_roundId_personId_kind_key" ON "CollectionResponse"("roundId", "personId", "kind");

