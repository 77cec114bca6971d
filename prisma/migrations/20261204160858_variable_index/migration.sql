-- CreateTable
CREATE TABLE "VariableIndex" (
    "instanceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stringValue" TEXT,
    "numberValue" DOUBLE PRECISION,
    "boolValue" BOOLEAN,

    CONSTRAINT "VariableIndex_pkey" PRIMARY KEY ("instanceId","name")
);

-- CreateIndex
CREATE INDEX "VariableIndex_organizationId_name_numberValue_idx" ON "VariableIndex"("organizationId", "name", "numberValue");

-- CreateIndex
CREATE INDEX "VariableIndex_organizationId_name_stringValue_idx" ON "VariableIndex"("organizationId", "name", "stringValue");

-- AddForeignKey
ALTER TABLE "VariableIndex" ADD CONSTRAINT "VariableIndex_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "ProcessInstance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
