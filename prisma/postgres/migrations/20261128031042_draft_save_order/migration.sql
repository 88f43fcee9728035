-- AlterTable
ALTER TABLE "Draft" ADD COLUMN     "saveSeq" INTEGER,
ADD COLUMN     "saveSession" TEXT;
