-- AlterTable
ALTER TABLE "PushItem" ADD COLUMN     "dueProvisional" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "confirmedBy" TEXT,
    "confirmedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);
