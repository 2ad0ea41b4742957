-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_JobRun" (
    "timeline" TEXT NOT NULL DEFAULT '',
    "job" TEXT NOT NULL,
    "occurrence" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "error" TEXT,
    "summary" TEXT,

    PRIMARY KEY ("timeline", "job", "occurrence")
);
INSERT INTO "new_JobRun" ("error", "finishedAt", "holder", "job", "occurrence", "startedAt", "status", "summary") SELECT "error", "finishedAt", "holder", "job", "occurrence", "startedAt", "status", "summary" FROM "JobRun";
DROP TABLE "JobRun";
ALTER TABLE "new_JobRun" RENAME TO "JobRun";
CREATE INDEX "JobRun_timeline_job_status_idx" ON "JobRun"("timeline", "job", "status");
CREATE TABLE "new_CollectionRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "timeline" TEXT NOT NULL DEFAULT '',
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "opensOn" TEXT NOT NULL,
    "remindOn" TEXT NOT NULL,
    "closesOn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);
INSERT INTO "new_CollectionRound" ("closedAt", "closesOn", "id", "openedAt", "opensOn", "quarter", "remindOn", "status", "year") SELECT "closedAt", "closesOn", "id", "openedAt", "opensOn", "quarter", "remindOn", "status", "year" FROM "CollectionRound";
DROP TABLE "CollectionRound";
ALTER TABLE "new_CollectionRound" RENAME TO "CollectionRound";
CREATE UNIQUE INDEX "CollectionRound_timeline_year_quarter_key" ON "CollectionRound"("timeline", "year", "quarter");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

