-- CreateTable
CREATE TABLE "FormDefinition" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "fileName" TEXT,
    "schema" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "deployedById" TEXT,
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FormDefinition_organizationId_fileName_idx" ON "FormDefinition"("organizationId", "fileName");

-- CreateIndex
CREATE UNIQUE INDEX "FormDefinition_organizationId_formId_version_key" ON "FormDefinition"("organizationId", "formId", "version");

-- AddForeignKey
ALTER TABLE "FormDefinition" ADD CONSTRAINT "FormDefinition_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
