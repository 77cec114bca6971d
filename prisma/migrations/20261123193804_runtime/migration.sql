-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('ACTIVATABLE', 'ACTIVATED', 'COMPLETED', 'FAILED', 'ERROR_THROWN', 'CANCELED');

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "excludedUsers" TEXT[];

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "state" "JobState" NOT NULL DEFAULT 'ACTIVATABLE',
    "retries" INTEGER NOT NULL DEFAULT 3,
    "retryBackoffMs" INTEGER NOT NULL DEFAULT 1000,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "call" JSONB NOT NULL,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "lockOwner" TEXT,
    "lockExpiresAt" TIMESTAMP(3),
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageSubscription" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "messageName" TEXT NOT NULL,
    "correlationKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BufferedMessage" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "correlationKey" TEXT,
    "messageId" TEXT,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "correlatedAt" TIMESTAMP(3),
    "instanceId" TEXT,

    CONSTRAINT "BufferedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppliedEvent" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppliedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "organizationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("organizationId","key")
);

-- CreateTable
CREATE TABLE "Secret" (
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Secret_pkey" PRIMARY KEY ("organizationId","name")
);

-- CreateIndex
CREATE INDEX "Job_organizationId_type_state_availableAt_idx" ON "Job"("organizationId", "type", "state", "availableAt");

-- CreateIndex
CREATE INDEX "Job_state_lockExpiresAt_idx" ON "Job"("state", "lockExpiresAt");

-- CreateIndex
CREATE INDEX "Job_instanceId_idx" ON "Job"("instanceId");

-- CreateIndex
CREATE INDEX "MessageSubscription_organizationId_messageName_correlationK_idx" ON "MessageSubscription"("organizationId", "messageName", "correlationKey");

-- CreateIndex
CREATE INDEX "MessageSubscription_instanceId_idx" ON "MessageSubscription"("instanceId");

-- CreateIndex
CREATE INDEX "BufferedMessage_organizationId_name_correlationKey_expiresA_idx" ON "BufferedMessage"("organizationId", "name", "correlationKey", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "BufferedMessage_organizationId_messageId_key" ON "BufferedMessage"("organizationId", "messageId");

-- CreateIndex
CREATE INDEX "AppliedEvent_instanceId_idx" ON "AppliedEvent"("instanceId");

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "ProcessInstance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Secret" ADD CONSTRAINT "Secret_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
