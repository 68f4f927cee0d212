// The draft minutes (møtebok) from a finished meeting's state and event log.
// Pure. The secretary edits the draft and publishes it; the draft is plain
// text. A closed item (§ 11-5) appears with its number and "behind closed
// doors" only: its title, speakers, vote and decision stay out of the draft,
// which is published.
import type { LiveState } from "./engine.ts";

export interface MinutesEvent {
  type: string;
  at: Date | string;
  itemId: string | null;
  data: Record<string, unknown>;
}

/** A translator for the "live" namespace (minutes.* keys) and a clock formatter. */
export interface MinutesText {
  t(key: string, params?: Record<string, string | number>): string;
  time(d: Date): string;
  title(item: LiveState["items"][number]): string;
}

export function draftMinutes(
  state: LiveState,
  events: readonly MinutesEvent[],
  x: MinutesText,
  heading: string,
): string {
  const at = (e: MinutesEvent) => x.time(new Date(e.at));
  const started = events.find((e) => e.type === "live.meeting.started");
  const ended = events.findLast((e) => e.type === "live.meeting.ended");
  const lines: string[] = [heading, ""];
  if (started) lines.push(x.t("minutes.started", { time: at(started) }));
  if (ended) lines.push(x.t("minutes.ended", { time: at(ended) }));
  for (const item of state.items) {
    lines.push(
      "",
      item.closed ? x.t("minutes.closedItem", { position: item.position }) : `${item.position}. ${x.title(item)}`,
    );
    if (item.closed) continue;
    if (item.state === "postponed") lines.push(x.t("minutes.postponed"));
    if (item.state === "pending") lines.push(x.t("minutes.notDealt"));
    const speakers = events
      .filter((e) => e.type === "live.floor.given" && e.itemId === item.id)
      .map((e) => String(e.data.name ?? ""));
    if (speakers.length) lines.push(x.t("minutes.speakers", { names: speakers.join(", ") }));
    const v = state.votes[item.id];
    if (v)
      lines.push(
        x.t(v.passed ? "minutes.votePassed" : "minutes.voteFailed", { for: v.for, against: v.against, blank: v.blank }),
      );
    const d = state.decisions[item.id];
    if (d) lines.push(x.t("minutes.decision"), d);
  }
  return lines.join("\n") + "\n";
}
