import { describe, expect, it } from "vitest";
import {
  beforeDeadlineMessage,
  buildRegisterEntries,
  openingActions,
  openingIntentSchema,
  openingStage,
  registerCanonicalJson,
  registerCounts,
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

  it("never offers the second key to the person who turned the first", () => {
    const start = { startedBy: "u1", startedAt: t("12:00:30.000") };
    expect(openingActions("started", start, { id: "u1", mayStart: true, mayConfirm: true })).toEqual({ canStart: false, canConfirm: false, waitingForSecondPerson: true });
    expect(openingActions("started", start, { id: "u2", mayStart: false, mayConfirm: true })).toEqual({ canStart: false, canConfirm: true, waitingForSecondPerson: false });
    expect(openingActions("ready-to-start", null, { id: "u2", mayStart: false, mayConfirm: true }).canStart).toBe(false);
    expect(openingActions("ready-to-start", null, { id: "u1", mayStart: true, mayConfirm: true }).canStart).toBe(true);
    expect(openingActions("before-deadline", null, { id: "u1", mayStart: true, mayConfirm: true }).canStart).toBe(false);
  });

  it("says when bids can be opened, to the millisecond", () => {
    expect(beforeDeadlineMessage(t("12:00:00.000"), t("11:00:00.250"))).toBe(
      "Bids can be opened after the deadline, 1 Dec 2026 12:00:00.000 UTC. It is now 1 Dec 2026 11:00:00.250 UTC by the database clock.",
    );
  });
});

describe("the page's forms", () => {
  it("parses each intent and asks for a reason on a decision", () => {
    expect(openingIntentSchema.parse({ intent: "start" })).toEqual({ intent: "start" });
    const missing = openingIntentSchema.safeParse({ intent: "decide", vendorOrganisationId: A, decision: "admit", reason: "  " });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path[0])).toEqual(["reason"]);
    expect(openingIntentSchema.safeParse({ intent: "open-everything" }).success).toBe(false);
  });
});
