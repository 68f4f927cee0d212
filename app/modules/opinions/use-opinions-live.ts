import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

// Browser side of the statements page: watches the consultation's room on the "/opinions"
// socket.io namespace (server/opinions.ts) and re-reads the page (loader) when statements or votes
// change, at most once every few seconds (the groups are recomputed at most every 5 s anyway).
// Without JavaScript the page shows what its loader returned.
export function useOpinionsLive(consultationId: string): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    let stopped = false;
    let socket: import("socket.io-client").Socket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    void import("socket.io-client").then(({ io }) => {
      if (stopped) return;
      socket = io("/opinions", { transports: ["websocket"], reconnectionDelayMax: 10_000 });
      socket.on("connect", () => socket!.emit("opinions:watch", { consultationId }));
      socket.on("opinions:changed", () => {
        if (timer) return;
        timer = setTimeout(() => {
          timer = null;
          if (!stopped && document.visibilityState === "visible") revalidator.revalidate();
        }, 3_000);
      });
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [consultationId]);
}
