// What clients probe before they work: the engine list and the REST API version Baton answers as.
export const ENGINE_NAME = "default";
/** The Camunda 7 REST API version whose shapes /engine-rest follows. */
export const C7_REST_VERSION = "7.22.0";

export const engines = () => [{ name: ENGINE_NAME }];
export const version = () => ({ version: C7_REST_VERSION });
