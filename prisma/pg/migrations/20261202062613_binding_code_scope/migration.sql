-- AlterTable
ALTER TABLE "BindingCode" ADD COLUMN     "issuedUnder" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "misses" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "platform" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "AttemptWindow" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttemptWindow_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AttemptWindow_expiresAt_idx" ON "AttemptWindow"("expiresAt");

-- CreateIndex
CREATE INDEX "BindingCode_platform_expiresAt_idx" ON "BindingCode"("platform", "expiresAt");
