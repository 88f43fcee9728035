-- AlterTable
ALTER TABLE "Draft" ADD COLUMN "saveSeq" INTEGER;
ALTER TABLE "Draft" ADD COLUMN "saveSession" TEXT;
