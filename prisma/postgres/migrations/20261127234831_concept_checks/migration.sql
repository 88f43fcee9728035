-- CreateTable
CREATE TABLE "ConceptCheckAttempt" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "answers" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConceptCheckAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConceptCheckAttempt_userId_lessonId_idx" ON "ConceptCheckAttempt"("userId", "lessonId");

-- AddForeignKey
ALTER TABLE "ConceptCheckAttempt" ADD CONSTRAINT "ConceptCheckAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
