import { describe, expect, it } from "vitest";
import { countdown, countedDays, deriveDeadline, isOpen, moveDeadline, PLAN_MIN_DAYS } from "./deadline.ts";

const d = (s: string) => new Date(s);

describe("deriveDeadline", () => {
  it("closes N days before the body's notice goes out", () => {
    const r = deriveDeadline({
      meetingStartsAt: d("2026-12-10T17:00:00Z"),
      noticeLeadDays: 10,
      closeDaysBeforeNotice: 2,
      opensAt: d("2026-11-01T08:00:00Z"),
      plan: false,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.noticeAt.toISOString()).toBe("2026-11-30T17:00:00.000Z");
    expect(r.closesAt.toISOString()).toBe("2026-11-28T17:00:00.000Z");
  });

  it("refuses a deadline before the opening", () => {
    const r = deriveDeadline({
      meetingStartsAt: d("2026-11-10T17:00:00Z"),
      noticeLeadDays: 7,
      closeDaysBeforeNotice: 2,
      opensAt: d("2026-11-05T08:00:00Z"),
      plan: false,
    });
    expect(r).toMatchObject({ ok: false, error: "closesBeforeOpening" });
  });

  it("enforces six weeks for plan consultations (pbl § 5-2)", () => {
    const opensAt = d("2026-09-01T08:00:00Z");
    const short = deriveDeadline({
      meetingStartsAt: d("2026-10-20T17:00:00Z"),
      noticeLeadDays: 7,
      closeDaysBeforeNotice: 2,
      opensAt,
      plan: true,
    });
    expect(short).toMatchObject({ ok: false, error: "planTooShort", minDays: PLAN_MIN_DAYS });
    const long = deriveDeadline({
      meetingStartsAt: d("2026-10-24T17:00:00Z"),
      noticeLeadDays: 7,
      closeDaysBeforeNotice: 2,
      opensAt,
      plan: true,
    });
    expect(long.ok).toBe(true);
    // The same dates are fine for an ordinary consultation.
    expect(
      deriveDeadline({
        meetingStartsAt: d("2026-10-20T17:00:00Z"),
        noticeLeadDays: 7,
        closeDaysBeforeNotice: 2,
        opensAt,
        plan: false,
      }).ok,
    ).toBe(true);
  });

  it("does not count July towards a plan consultation's six weeks", () => {
    const opensAt = d("2026-06-20T08:00:00Z");
    const closesAt = d("2026-08-10T08:00:00Z"); // 51 calendar days, 31 of them in July
    expect(countedDays(opensAt, closesAt)).toBe(20);
    expect(countedDays(opensAt, closesAt, false)).toBe(51);
    const r = deriveDeadline({
      meetingStartsAt: d("2026-08-19T08:00:00Z"),
      noticeLeadDays: 7,
      closeDaysBeforeNotice: 2,
      opensAt,
      plan: true,
    });
    expect(r).toMatchObject({ ok: false, error: "planTooShort" });
  });

  it("rejects a nonsensical offset", () => {
    expect(
      deriveDeadline({
        meetingStartsAt: d("2026-12-10T17:00:00Z"),
        noticeLeadDays: 7,
        closeDaysBeforeNotice: -1,
        opensAt: d("2026-11-01T08:00:00Z"),
        plan: false,
      }),
    ).toMatchObject({ ok: false, error: "badCloseDays" });
  });
});

describe("moveDeadline", () => {
  const base = { noticeLeadDays: 7, closeDaysBeforeNotice: 2, opensAt: d("2026-11-01T08:00:00Z"), plan: false };
  const current = { closesAt: d("2026-12-01T17:00:00Z"), closedAt: null };
  it("moves with the case to a later meeting and says so", () => {
    const r = moveDeadline(current, { ...base, meetingStartsAt: d("2027-01-14T17:00:00Z") }, d("2026-11-20T10:00:00Z"));
    expect(r).toEqual({
      ok: true,
      move: { closesAt: d("2027-01-05T17:00:00Z"), changed: true, closesImmediately: false },
    });
  });
  it("closes at once when the new meeting leaves no time", () => {
    const r = moveDeadline(current, { ...base, meetingStartsAt: d("2026-11-25T17:00:00Z") }, d("2026-11-20T10:00:00Z"));
    expect(r.ok && r.move.closesImmediately).toBe(true);
  });
  it("keeps a closed consultation closed", () => {
    const r = moveDeadline(
      { ...current, closedAt: d("2026-11-19T10:00:00Z") },
      { ...base, meetingStartsAt: d("2027-01-14T17:00:00Z") },
      d("2026-11-20T10:00:00Z"),
    );
    expect(r).toEqual({ ok: true, move: { closesAt: current.closesAt, changed: false, closesImmediately: false } });
  });
  it("refuses to shorten a plan consultation below six weeks", () => {
    const r = moveDeadline(
      current,
      { ...base, plan: true, meetingStartsAt: d("2026-12-01T17:00:00Z") },
      d("2026-11-20T10:00:00Z"),
    );
    expect(r).toEqual({ ok: false, error: "planTooShort" });
  });
});

describe("countdown and isOpen", () => {
  it("counts down to the closing", () => {
    expect(countdown(d("2026-11-22T12:30:00Z"), d("2026-11-20T10:00:00Z"))).toEqual({
      open: true,
      days: 2,
      hours: 2,
      minutes: 30,
    });
    expect(countdown(d("2026-11-20T10:00:00Z"), d("2026-11-20T10:00:00Z")).open).toBe(false);
  });
  it("is open between opening and closing unless closed early", () => {
    const c = { opensAt: d("2026-11-01T00:00:00Z"), closesAt: d("2026-12-01T00:00:00Z"), closedAt: null };
    expect(isOpen(c, d("2026-11-15T00:00:00Z"))).toBe(true);
    expect(isOpen(c, d("2026-10-15T00:00:00Z"))).toBe(false);
    expect(isOpen(c, d("2026-12-01T00:00:00Z"))).toBe(false);
    expect(isOpen({ ...c, closedAt: d("2026-11-10T00:00:00Z") }, d("2026-11-15T00:00:00Z"))).toBe(false);
  });
});
