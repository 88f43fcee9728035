-- Hand-written (Prisma's schema language has no partial indexes; schema.prisma documents it).
-- One submission in flight (PENDING or GRADING) per learner, enforced by the database: the 409
-- check in lib/submissions/accept.ts reads before it writes, so two concurrent requests with
-- different idempotency keys could both pass it. With this index the second insert fails and
-- becomes the same 409.
-- If this fails on a live database, a learner already has two rows in flight from that race:
-- they are graded within minutes, so wait for the queue to drain and apply it again.
CREATE UNIQUE INDEX "Submission_one_in_flight_per_user" ON "Submission"("userId") WHERE "status" IN ('PENDING', 'GRADING');
