import { useEffect, useState } from "react";
import type { CampaignProgress } from "./campaigns.server.ts";

// Browser side of the composer page: watches a campaign on the "/sms"
// socket.io namespace (server/sms-live.ts re-checks the staff permission)
// and returns its counts as they change. Without JavaScript the page shows
// the counts from its loader, with a link to reload.
export function useCampaignLive(campaignId: string | null, initial: CampaignProgress | null): CampaignProgress | null {
  const [progress, setProgress] = useState(initial);
  useEffect(() => {
    if (!campaignId) return;
    let stopped = false;
    let socket: import("socket.io-client").Socket | null = null;
    void import("socket.io-client").then(({ io }) => {
      if (stopped) return;
      socket = io("/sms", { transports: ["websocket"], reconnectionDelayMax: 10_000 });
      socket.on("connect", () =>
        socket!.emit(
          "sms:watch",
          { campaignId },
          (r: { ok: boolean; progress?: CampaignProgress }) => r.ok && r.progress && setProgress(r.progress),
        ),
      );
      socket.on("sms:progress", (e: { campaignId: string; progress: CampaignProgress }) => {
        if (e.campaignId === campaignId) setProgress(e.progress);
      });
    });
    return () => {
      stopped = true;
      socket?.close();
    };
  }, [campaignId]);
  return progress;
}
