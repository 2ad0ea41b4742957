-- CreateTable
CREATE TABLE "SummaryRecipient" (
    "personId" TEXT NOT NULL,
    "included" BOOLEAN NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SummaryRecipient_pkey" PRIMARY KEY ("personId")
);
