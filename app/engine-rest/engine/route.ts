import { engines } from "@/server/compat/camunda7/engine-info";
import { c7Route } from "@/server/compat/camunda7/route";

export const dynamic = "force-dynamic";

export const GET = c7Route({ public: true, handler: async () => engines() });
