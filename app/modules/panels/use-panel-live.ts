import { useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";

// Browser side of the staff panel page: joins the panel's room on the
// "/panels" socket.io namespace (server/panels.ts checks the staff
// permission), shows the draw's progress as it comes, and re-reads the page
// (loader) when the pool changes or the draw finishes. Without JavaScript the
// page works the same, with a refresh link.
export interface PanelProgress {
  selectionId: string;
  progress: { phase: string; level?: number; fixed?: number; total?: number; columns?: number };
}

export function usePanelLive(panelId: string): { progress: PanelProgress | null; connected: boolean } {
  const [progress, setProgress] = useState<PanelProgress | null>(null);
  const [connected, setConnected] = useState(false);
  const revalidator = useRevalidator();
  useEffect(() => {
    let stopped = false;
    let socket: import("socket.io-client").Socket | null = null;
    void import("socket.io-client").then(({ io }) => {
      if (stopped) return;
      socket = io("/panels", { transports: ["websocket"], reconnectionDelayMax: 10_000 });
      const watch = () => socket!.emit("panels:watch", { panelId }, (r: { ok: boolean }) => setConnected(r.ok));
      socket.on("connect", watch);
      socket.on("disconnect", () => setConnected(false));
      socket.on("panels:event", (e: { type: string; selectionId?: string; progress?: PanelProgress["progress"] }) => {
        if (e.type === "panels.selection.progress" && e.selectionId && e.progress)
          setProgress({ selectionId: e.selectionId, progress: e.progress });
        else revalidator.revalidate();
      });
    });
    return () => {
      stopped = true;
      socket?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [panelId]);
  return { progress, connected };
}
