// The console's forms → engine actions. Pure: the route's action (no
// JavaScript) and the console's socket client (JavaScript) both call it, so
// a form means the same thing either way. The engine validates the result.
import type { LiveAction } from "./engine.ts";

type Fields = { get(name: string): FormDataEntryValue | null; getAll(name: string): FormDataEntryValue[] };
const str = (f: Fields, k: string) => {
  const v = f.get(k);
  return typeof v === "string" ? v.trim() : "";
};
const int = (f: Fields, k: string) => {
  const s = str(f, k);
  return /^\d{1,6}$/.test(s) ? Number(s) : s === "" ? 0 : NaN;
};

const all = (f: Fields, k: string) => f.getAll(k).map((v) => (typeof v === "string" ? v.trim() : ""));
const num = (s: string | undefined) => (s === undefined || s === "" ? 0 : /^\d{1,6}$/.test(s) ? Number(s) : NaN);

/** Returns the action a console form asks for, or null if the intent is unknown. */
export function formToAction(f: Fields): LiveAction | null {
  const intent = str(f, "intent");
  switch (intent) {
    case "start":
    case "resume":
    case "adjourn":
    case "end":
    case "nextSpeaker":
    case "endSpeech":
      return { type: intent };
    case "pause": {
      const until = str(f, "until"); // "HH:MM" today (the console's clock), or empty
      return { type: "pause", until: until ? (untilToday(until, str(f, "tzOffset")) ?? "invalid") : null };
    }
    case "moveTo":
    case "postpone":
      return { type: intent, itemId: str(f, "itemId") };
    case "addSpeaker":
      return {
        type: "addSpeaker",
        name: str(f, "name"),
        party: str(f, "party") || null,
        kind: str(f, "kind") === "reply" ? "reply" : "speech",
      };
    case "removeSpeaker":
      return { type: "removeSpeaker", speakerId: str(f, "speakerId") };
    case "moveSpeaker":
      return { type: "moveSpeaker", speakerId: str(f, "speakerId"), to: int(f, "to") };
    case "recordVote": {
      const p = str(f, "passed");
      const passed = p === "yes" ? true : p === "no" ? false : null;
      const itemId = str(f, "itemId");
      const mode = str(f, "mode");
      if (mode === "party") {
        // One row per party: party[], pfor[], pagainst[], pblank[] (rows left empty are skipped).
        const [names, fs, as, bs] = ["party", "pfor", "pagainst", "pblank"].map((k) => all(f, k));
        const parties = names!
          .map((party, i) => ({ party, for: num(fs![i]), against: num(as![i]), blank: num(bs![i]) }))
          .filter((r) => r.for !== 0 || r.against !== 0 || r.blank !== 0); // NaN stays (the engine refuses it)
        return { type: "recordVote", itemId, mode: "party", parties, passed };
      }
      if (mode === "rollcall") {
        // One row per member: rname[], rparty[], rvote[] ("" = not present, not counted).
        const [names, parties, votes] = ["rname", "rparty", "rvote"].map((k) => all(f, k));
        const roll = names!
          .map((name, i) => ({ name, party: parties![i] || null, vote: votes![i] ?? "" }))
          .filter((r) => r.vote !== "") as { name: string; party: string | null; vote: "for" | "against" | "blank" }[];
        return { type: "recordVote", itemId, mode: "rollcall", roll, passed };
      }
      return {
        type: "recordVote",
        itemId,
        mode: "count",
        for: int(f, "for"),
        against: int(f, "against"),
        blank: int(f, "blank"),
        passed,
      };
    }
    case "recordDecision":
      return { type: "recordDecision", itemId: str(f, "itemId"), text: str(f, "text") };
    case "setStream":
      return { type: "setStream", url: str(f, "url") || null };
    default:
      return null;
  }
}

/** "19:15" → today's 19:15 as an ISO time, with the municipality's offset (default Norway's). */
export function untilToday(hhmm: string, offset = ""): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const off = /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : "+01:00";
  const day = new Date().toISOString().slice(0, 10);
  return new Date(`${day}T${m[1]!.padStart(2, "0")}:${m[2]}:00${off}`).toISOString();
}
