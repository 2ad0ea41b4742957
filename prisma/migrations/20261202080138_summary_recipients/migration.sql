-- CreateTable
CREATE TABLE "SummaryRecipient" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "included" BOOLEAN NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);
