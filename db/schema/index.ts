export * from "./tenants.ts";
export * from "./political.ts";
export * from "./identity.ts";
export type * from "./types.ts";
