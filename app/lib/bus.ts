// Domain events, published by commands after their transaction commits
// (STYLE.md §6). Named `module.entity.pastTense`; payloads carry ids and a
// version, never private data. The process creates one bus (server/bus.ts).
export interface DomainEvent {
  type: string;
  tenantId: string;
  [key: string]: unknown;
}

export interface EventBus {
  publish(event: DomainEvent): void;
  subscribe(listener: (event: DomainEvent) => void): () => void;
}
