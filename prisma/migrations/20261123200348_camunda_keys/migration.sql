-- CreateTable
CREATE TABLE "CompatKey" (
    "key" BIGSERIAL NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "batonId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompatKey_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "CompatKey_organizationId_kind_batonId_key" ON "CompatKey"("organizationId", "kind", "batonId");

-- Zeebe's partition 1 keys start at 2^51 + 1; clients that decode a partition from a key see 1.
ALTER SEQUENCE "CompatKey_key_seq" RESTART WITH 2251799813685249;
