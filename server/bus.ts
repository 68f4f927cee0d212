import { EventEmitter } from "node:events";
import type { EventBus } from "#app/lib/bus.ts";

/** The in-process event bus (one per process; socket.io and caches subscribe). */
export function createBus(): EventBus {
  const ee = new EventEmitter();
  ee.setMaxListeners(0);
  return {
    publish: (e) => {
      ee.emit("event", e);
    },
    subscribe: (l) => {
      ee.on("event", l);
      return () => ee.off("event", l);
    },
  };
}
