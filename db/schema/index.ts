export * from "./tenants.ts";
export * from "./political.ts";
export type * from "./types.ts";
