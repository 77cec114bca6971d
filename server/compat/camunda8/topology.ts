// GET /v2/topology: Baton is one logical broker with one partition (PostgreSQL is the log);
// the clients ask for it to check the connection and read the gateway version.

/** The Camunda API version this surface follows (its clients compare major.minor). */
export const GATEWAY_VERSION = "8.8.0";

export function camundaTopology(request: Request) {
  const url = new URL(request.url);
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  return {
    brokers: [{ nodeId: 0, host: url.hostname, port, partitions: [{ partitionId: 1, role: "leader" as const, health: "healthy" as const }], version: GATEWAY_VERSION }],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: GATEWAY_VERSION,
    lastCompletedChangeId: "-1",
  };
}
