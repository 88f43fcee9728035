-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LoginAddressFailure" (
    "id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAddressFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LoginAddressFailure_address_createdAt_idx" ON "LoginAddressFailure"("address", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_outcome_gradedAt_idx" ON "Submission"("outcome", "gradedAt");

-- CreateIndex
CREATE INDEX "Submission_gradedAt_idx" ON "Submission"("gradedAt");
