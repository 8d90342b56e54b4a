import { describe, expect, it } from "vitest";
import {
  asksToConfirm,
  beforeDeadlineMessage,
  buildRegisterEntries,
  mayWithdrawStart,
  openingActions,
  openingActor,
  openingIntentSchema,
  openingStage,
  openingStartedNotice,
  openingWithdrawnNotice,
  registerCanonicalJson,
  registerCounts,
  replacedStartMessage,
  withdrawnStartMessage,
  type CountingVersionFacts,
} from "./opening";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const D = "00000000-0000-4000-8000-00000000000d";
const t = (s: string) => new Date(`2026-12-01T${s}Z`);

const version = (over: Partial<CountingVersionFacts>): CountingVersionFacts => ({
  vendorOrganisationId: A,
  vendorName: "Atlas",
  versionNumber: 2,
  receivedAt: t("10:00:00.000"),
  storedHash: "a".repeat(64),
  recomputedHash: "a".repeat(64),
  lastWithdrawal: null,
  ...over,
});

describe("the opening register", () => {
  const entries = buildRegisterEntries(
    [
      version({ vendorOrganisationId: C, vendorName: "Civic", recomputedHash: "f".repeat(64) }),
      version({ vendorOrganisationId: A, vendorName: "Atlas" }),
      // Withdrawn after version 1, then submitted again: version 2 counts.
      version({ vendorOrganisationId: B, vendorName: "Birch", lastWithdrawal: { version: 1, at: t("09:00:00.000") } }),
    ],
    [
      { vendorOrganisationId: A, vendorName: "Atlas", at: t("12:00:02.000"), reason: "deadline" },
      { vendorOrganisationId: A, vendorName: "Atlas", at: t("12:00:01.000"), reason: "deadline" },
      { vendorOrganisationId: D, vendorName: "Dune", at: t("12:30:00.000"), reason: "deadline" },
    ],
  );

  it("lists every bidder once by name, with its status and late attempts (oldest first)", () => {
    expect(entries.map((e) => [e.vendorName, e.status])).toEqual([
      ["Atlas", "counted"],
      ["Birch", "counted"],
      ["Civic", "hash-mismatch"],
      ["Dune", "late"],
    ]);
    expect(entries[0]!.lateAttempts).toEqual([
      { at: "2026-12-01T12:00:01.000Z", reason: "deadline" },
      { at: "2026-12-01T12:00:02.000Z", reason: "deadline" },
    ]);
    expect(entries[1]!.withdrawnAt).toBeNull();
    expect(entries[3]).toMatchObject({ versionNumber: null, storedHash: null, lateAttempts: [{ at: "2026-12-01T12:30:00.000Z", reason: "deadline" }] });
    expect(registerCounts(entries)).toEqual({ bidders: 3, counted: 2, withdrawn: 0, hashMismatches: 1, lateAttempts: 3 });
  });

  it("marks a bid withdrawn when its last withdrawal covers the counting version", () => {
    const [e] = buildRegisterEntries([version({ lastWithdrawal: { version: 2, at: t("11:00:00.000") } })], []);
    expect(e).toMatchObject({ status: "withdrawn", withdrawnAt: t("11:00:00.000") });
  });

  it("hashes the same register to the same text whatever the order, and differently for any change", () => {
    const text = registerCanonicalJson("rfp-1", 1, entries);
    expect(registerCanonicalJson("rfp-1", 1, entries.slice().reverse())).toBe(text);
    expect(text).toContain('"receivedAt":"2026-12-01T10:00:00.000Z"');
    const changed = entries.map((e, i) => (i === 0 ? { ...e, versionNumber: 1 } : e));
    expect(registerCanonicalJson("rfp-1", 1, changed)).not.toBe(text);
    expect(registerCanonicalJson("rfp-2", 1, entries)).not.toBe(text);
  });
});

describe("who may turn which key", () => {
  const base = { publishedAt: t("00:00:00.000"), cancelledAt: null, bidsCloseAt: t("12:00:00.000"), start: null, openedAt: null };
  it("derives the stage from the database clock and the recorded events", () => {
    expect(openingStage({ ...base, now: t("11:59:59.999") })).toBe("before-deadline");
    expect(openingStage({ ...base, now: t("12:00:00.000") })).toBe("ready-to-start");
    expect(openingStage({ ...base, now: t("12:01:00.000"), start: { startedBy: "u1", startedAt: t("12:00:30.000") } })).toBe("started");
    expect(openingStage({ ...base, now: t("12:01:00.000"), cancelledAt: t("11:00:00.000") })).toBe("cancelled");
    expect(openingStage({ ...base, now: t("12:01:00.000"), publishedAt: null })).toBe("not-published");
    expect(openingStage({ ...base, now: t("12:05:00.000"), openedAt: t("12:04:00.000") })).toBe("opened");
  });

  const buyer = (id: string) => openingActor({ id, roles: ["buyer"] });
  it("never offers the second key to the person who turned the first", () => {
    const start = { startedBy: "u1", startedAt: t("12:00:30.000") };
    expect(openingActions("started", start, buyer("u1"))).toEqual({ canStart: false, canConfirm: false, canWithdraw: true, waitingForSecondPerson: true });
    expect(openingActions("started", start, openingActor({ id: "u2", roles: ["evaluator"] }))).toEqual({ canStart: false, canConfirm: true, canWithdraw: false, waitingForSecondPerson: false });
    expect(openingActions("ready-to-start", null, openingActor({ id: "u2", roles: ["evaluator"] })).canStart).toBe(false);
    expect(openingActions("ready-to-start", null, buyer("u1")).canStart).toBe(true);
    expect(openingActions("before-deadline", null, buyer("u1")).canStart).toBe(false);
  });

  it("lets the starter (still a buyer) or an administrator withdraw a started opening, and nobody else", () => {
    const start = { startedBy: "u1", startedAt: t("12:00:30.000") };
    expect(mayWithdrawStart(start, buyer("u1"))).toBe(true);
    expect(mayWithdrawStart(start, buyer("u2"))).toBe(false);
    expect(mayWithdrawStart(start, openingActor({ id: "u3", roles: ["admin"] }))).toBe(true);
    expect(mayWithdrawStart(start, openingActor({ id: "u4", roles: ["evaluator"] }))).toBe(false);
    // A starter who is no longer a buyer may not undo the start either.
    expect(mayWithdrawStart(start, openingActor({ id: "u1", roles: ["evaluator"] }))).toBe(false);
    // Only while started and not confirmed: never before, never once opened.
    expect(openingActions("started", start, openingActor({ id: "u3", roles: ["admin"] }))).toMatchObject({ canWithdraw: true, canConfirm: true });
    expect(openingActions("started", start, buyer("u2"))).toMatchObject({ canWithdraw: false, canConfirm: true });
    expect(openingActions("opened", start, buyer("u1")).canWithdraw).toBe(false);
    expect(openingActions("ready-to-start", null, openingActor({ id: "u3", roles: ["admin"] })).canWithdraw).toBe(false);
  });

  it("asks the buyers, the administrators and the RFP's panel evaluators to confirm, never the starter", () => {
    const person = (id: string, roles: ("buyer" | "evaluator" | "admin" | "vendor")[], onPanel = false) => ({ id, roles, onPanel });
    expect(asksToConfirm(person("u2", ["buyer"]), "u1")).toBe(true);
    expect(asksToConfirm(person("u3", ["admin"]), "u1")).toBe(true);
    expect(asksToConfirm(person("u4", ["evaluator"], true), "u1")).toBe(true);
    expect(asksToConfirm(person("u5", ["evaluator"], false), "u1")).toBe(false);
    expect(asksToConfirm(person("u1", ["buyer", "admin"]), "u1")).toBe(false);
    expect(asksToConfirm(person("u6", ["vendor"], true), "u1")).toBe(false);
  });

  it("says when bids can be opened, to the millisecond", () => {
    expect(beforeDeadlineMessage(t("12:00:00.000"), t("11:00:00.250"))).toBe(
      "Bids can be opened after the deadline, 1 Dec 2026, 12:00:00.000 UTC. It is now 1 Dec 2026, 11:00:00.250 UTC by the database clock.",
    );
  });
});

describe("withdrawn starts and their notices", () => {
  const withdrawal = { startedByName: "Dana Okafor", startedAt: t("12:00:30.000"), withdrawnByName: "Priya Raman", withdrawnAt: t("12:10:00.000"), reason: "Sam is on leave until Monday." };
  const rfp = { id: "rfp-1", label: "Tree care (RIV-2026-019)", round: 1 };

  it("refuses a confirmation of a withdrawn start, saying who withdrew it, when and why", () => {
    expect(withdrawnStartMessage(withdrawal, "confirm")).toBe(
      "The opening started by Dana Okafor at 1 Dec 2026, 12:00 UTC was withdrawn by Priya Raman at 1 Dec 2026, 12:10 UTC (reason: Sam is on leave until Monday.), so there is nothing to confirm. A buyer must start the opening again first.",
    );
    expect(withdrawnStartMessage(withdrawal, "withdraw")).toMatch(/; it is no longer pending\.$/);
    expect(replacedStartMessage(withdrawal, { startedByName: "Dana Okafor", startedAt: t("12:15:00.000") }, "confirm")).toBe(
      "The opening you saw was withdrawn by Priya Raman at 1 Dec 2026, 12:10 UTC (reason: Sam is on leave until Monday.), and Dana Okafor started it again at 1 Dec 2026, 12:15 UTC. Read the new start on the page before you confirm it.",
    );
  });

  it("tells the second key which RFP, who started it, when, and links the opening page", () => {
    const notice = openingStartedNotice(rfp, { startedByName: "Dana Okafor", startedAt: t("12:00:30.000") });
    expect(notice.kind).toBe("opening.started");
    expect(notice.subject).toBe("Bid opening awaits your confirmation: Tree care (RIV-2026-019)");
    expect(notice.body).toMatch(/^Dana Okafor started the opening of the bids of Tree care \(RIV-2026-019\) at 1 Dec 2026, 12:00 UTC\./);
    expect(notice.body).toMatch(/Confirm it on the opening page: \/rfps\/rfp-1\/opening$/);
    expect(openingStartedNotice({ ...rfp, round: 2 }, { startedByName: "Dana Okafor", startedAt: t("12:00:30.000") }).body).toContain("the opening of round 2 (best and final offers) of");
  });

  it("tells the same people when a start is withdrawn, with the reason", () => {
    const notice = openingWithdrawnNotice(rfp, withdrawal);
    expect(notice).toMatchObject({ kind: "opening.withdrawn", subject: "Bid opening withdrawn: Tree care (RIV-2026-019)" });
    expect(notice.body).toContain("Priya Raman withdrew the opening of the bids of Tree care (RIV-2026-019) that Dana Okafor started at 1 Dec 2026, 12:00 UTC, at 1 Dec 2026, 12:10 UTC. Reason: Sam is on leave until Monday.");
    expect(notice.body).toMatch(/\/rfps\/rfp-1\/opening$/);
  });
});

describe("the page's forms", () => {
  it("asks for a reason to withdraw and carries the start the page showed", () => {
    expect(openingIntentSchema.parse({ intent: "withdraw", reason: " Wrong day ", attempt: "2" })).toEqual({ intent: "withdraw", reason: "Wrong day", attempt: 2 });
    const missing = openingIntentSchema.safeParse({ intent: "withdraw", reason: "  ", attempt: "1" });
    expect(missing.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["reason", "Say why you withdraw the opening"]]);
    expect(openingIntentSchema.safeParse({ intent: "withdraw", reason: "x".repeat(501) }).error?.issues[0]?.message).toBe("Keep the reason under 500 characters");
    expect(openingIntentSchema.parse({ intent: "confirm", attempt: "3" })).toEqual({ intent: "confirm", attempt: 3 });
    expect(openingIntentSchema.parse({ intent: "confirm" })).toEqual({ intent: "confirm" });
    expect(openingIntentSchema.safeParse({ intent: "confirm", attempt: "0" }).success).toBe(false);
  });

  it("parses each intent and asks for a reason on a decision", () => {
    expect(openingIntentSchema.parse({ intent: "start" })).toEqual({ intent: "start" });
    const missing = openingIntentSchema.safeParse({ intent: "decide", vendorOrganisationId: A, decision: "admit", reason: "  " });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path[0])).toEqual(["reason"]);
    expect(openingIntentSchema.safeParse({ intent: "open-everything" }).success).toBe(false);
  });
});
