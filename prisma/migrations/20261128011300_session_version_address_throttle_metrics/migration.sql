-- CreateTable
CREATE TABLE "LoginAddressFailure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "address" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable (hand-edited: SQLite adds a column with a constant default in place; no table rebuild)
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "LoginAddressFailure_address_createdAt_idx" ON "LoginAddressFailure"("address", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_outcome_gradedAt_idx" ON "Submission"("outcome", "gradedAt");

-- CreateIndex
CREATE INDEX "Submission_gradedAt_idx" ON "Submission"("gradedAt");
