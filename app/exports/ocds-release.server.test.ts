// The OCDS release's award, rounds and identity (decision 017): the award "pending" until it is
// concluded; a proposed award neither points at a withheld bid nor discloses its value; the
// release id and dates follow the latest event it describes (two builds, the same bytes); the
// procurement method from the RFP's visibility; every tenderer of any round; the award only on
// its own snapshot; statistics from the bids listed in details.
import { describe, expect, it } from "vitest";
import { hostileRound, packFrom } from "../../tests/support/award-pack";
import { ocdsPackageValidator } from "../../tests/support/ocds";
import { buildOcdsReleasePackage, ocdsJson } from "./ocds-release.server";

interface Bid {
  id: string;
  status: string;
  description: string;
  value: { amount: number };
}
interface Release {
  id: string;
  date: string;
  tag: string[];
  parties: { id: string; roles: string[] }[];
  tender: { procurementMethod?: string; numberOfTenderers: number; tenderers: { id: string }[]; awardCriteriaDetails: string };
  bids: { statistics: { measure: string; value: number }[]; details?: Bid[] };
  awards?: { status: string; value?: unknown; relatedBids?: string[] }[];
}
const releaseOf = (pack: Parameters<typeof buildOcdsReleasePackage>[0]) => (buildOcdsReleasePackage(pack) as unknown as { publishedDate: string; releases: Release[] });
const stat = (r: Release, measure: string) => r.bids.statistics.find((s) => s.measure === measure)?.value;

describe("OCDS release: award, rounds and identity", () => {
  const validate = ocdsPackageValidator();

  it("keeps the award pending until it is concluded, and a proposed award refers to nothing withheld", () => {
    const proposed = releaseOf(packFrom(hostileRound(), { withAward: true, status: "proposed" })).releases[0]!;
    expect(proposed.awards![0]!.status).toBe("pending");
    expect(proposed.bids.details).toBeUndefined();
    expect(proposed.awards![0]!.relatedBids).toBeUndefined();
    expect(proposed.awards![0]!.value).toBeUndefined();
    const standstill = releaseOf(packFrom(hostileRound(), { withAward: true })).releases[0]!;
    expect(standstill.awards![0]!.status).toBe("pending");
    expect(standstill.bids.details!.map((b) => b.id)).toContain(standstill.awards![0]!.relatedBids![0]);
    expect(releaseOf(packFrom(hostileRound(), { withAward: true, status: "concluded" })).releases[0]!.awards![0]!.status).toBe("active");
    for (const status of ["proposed", "standstill", "concluded"] as const) expect(validate(JSON.parse(ocdsJson(packFrom(hostileRound(), { withAward: true, status }))))).toBe(true);
  });

  it("is the same bytes for the same facts, whenever built, and a new id and date for each new event", () => {
    const a = packFrom(hostileRound(), { withAward: true });
    const b = { ...packFrom(hostileRound(), { withAward: true }), generatedAt: "2027-01-01T00:00:00.000Z" };
    expect(ocdsJson(b)).toBe(ocdsJson(a));
    const releases = (["proposed", "standstill", "concluded"] as const).map((status) => releaseOf(packFrom(hostileRound(), { withAward: true, status })));
    expect(new Set(releases.map((p) => p.releases[0]!.id)).size).toBe(3);
    expect(releases.map((p) => p.releases[0]!.date)).toEqual(["2026-11-28T10:00:00.000Z", "2026-11-29T10:00:00.000Z", "2026-12-10T10:00:00.000Z"]);
    expect(releases.map((p) => p.publishedDate)).toEqual(releases.map((p) => p.releases[0]!.date));
  });

  it("says limited for an invitation-only RFP and open for a public one", () => {
    expect(releaseOf(packFrom(hostileRound())).releases[0]!.tender.procurementMethod).toBe("limited");
    expect(releaseOf(packFrom(hostileRound(), { isPublic: true })).releases[0]!.tender.procurementMethod).toBe("open");
  });

  it("counts every tenderer of any round, and keeps the bids those of the snapshot's round", () => {
    const pack = packFrom(hostileRound(), { withAward: true });
    const earlier = [{ id: "vendor-round-1-only", name: "Atlas Grounds" }, ...pack.tenderers];
    const release = releaseOf({ ...pack, tenderers: earlier }).releases[0]!;
    expect(release.tender.numberOfTenderers).toBe(earlier.length);
    expect(release.tender.tenderers.map((t) => t.id)).toContain("vendor-round-1-only");
    expect(stat(release, "bidders")).toBe(earlier.length);
    expect(release.parties.filter((p) => p.roles.includes("tenderer")).length).toBe(earlier.length);
    expect(release.bids.details).toHaveLength(pack.bundles.length);
    expect(release.bids.details!.some((b) => b.id.startsWith("vendor-round-1-only"))).toBe(false);
  });

  it("takes the lowest and highest valid bid values from the bids it lists", () => {
    const release = releaseOf(packFrom(hostileRound(), { withAward: true })).releases[0]!;
    const valid = release.bids.details!.filter((b) => b.status === "valid").map((b) => b.value.amount);
    expect(stat(release, "highestValidBidValue")).toBe(Math.max(...valid));
    expect(stat(release, "lowestValidBidValue")).toBe(Math.min(...valid));
  });

  it("attaches the award only to the snapshot it was decided on", () => {
    const pack = packFrom(hostileRound(), { withAward: true });
    const other = releaseOf({ ...pack, award: { ...pack.award!, snapshotId: "snap-2" } }).releases[0]!;
    expect(other.tag).toEqual(["tender"]);
    expect(other.awards).toBeUndefined();
    expect(other.bids.details).toBeUndefined();
  });

  it("states each criterion's name and weight once, and totals with two decimals", () => {
    const pack = packFrom(hostileRound(), { withAward: true });
    const release = releaseOf(pack).releases[0]!;
    for (const c of pack.criteria) expect(release.tender.awardCriteriaDetails.split(`${c.name} (weight`).length - 1).toBe(1);
    expect(release.bids.details!.every((b) => / \d+\.\d\d of 100 points$/.test(b.description))).toBe(true);
  });
});
