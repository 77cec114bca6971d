// The Prisma client (no native engine: the pg driver adapter). One per process.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "./generated/client";
import { env } from "../env";

export { Prisma };
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function createDb(connectionString: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

const holder = globalThis as unknown as { __batonDb?: PrismaClient };

/** The process-wide client for DATABASE_URL (kept on globalThis across Next dev reloads). */
export function db(): PrismaClient {
  holder.__batonDb ??= createDb(env().DATABASE_URL);
  return holder.__batonDb;
}
