// The OCDS release package validated with ajv (draft-04) against the OCDS 1.1.5 release-package
// schema, its release schema patched with the bids extension (tests/support/ocds.ts); bid
// details only after the award is approved; never a confidential figure.
import { describe, expect, it } from "vitest";
import { hostileRound, packFrom } from "../../tests/support/award-pack";
import { ocdsPackageValidator } from "../../tests/support/ocds";
import { buildOcdsReleasePackage, ocdsJson } from "./ocds-release.server";

/** The parts of a release these checks read. */
interface Release {
  tag: string[];
  bids: { statistics: { measure: string }[]; details?: { id: string; rank?: number }[] };
  awards?: { status: string; suppliers: { name: string }[]; value: unknown; relatedBids: string[] }[];
  tender: { awardCriteria: string; items: unknown[] };
}

describe("OCDS release package", () => {
  const validate = ocdsPackageValidator();

  it("is a valid OCDS 1.1.5 release package with the bids extension, before and after the award", () => {
    for (const pack of [packFrom(hostileRound()), packFrom(hostileRound(), { withAward: true })]) {
      const json = JSON.parse(ocdsJson(pack));
      const ok = validate(json);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      // The validator does refuse: a package without releases, or an award with a status outside the codelist.
      expect(validate({ ...json, releases: [] })).toBe(false);
    }
  });

  it("publishes bid statistics always, bid details and the award only once the award is approved", () => {
    const before = buildOcdsReleasePackage(packFrom(hostileRound())) as unknown as { releases: Release[] };
    expect(before.releases[0]!.tag).toEqual(["tender"]);
    expect(before.releases[0]!.bids.details).toBeUndefined();
    expect(before.releases[0]!.bids.statistics.map((s) => s.measure)).toContain("bids");
    expect(before.releases[0]!.awards).toBeUndefined();

    const pack = packFrom(hostileRound(), { withAward: true });
    const after = buildOcdsReleasePackage(pack) as unknown as { releases: Release[] };
    const release = after.releases[0]!;
    expect(release.tag).toEqual(["award"]);
    expect(release.awards![0]!.suppliers[0]!.name).toBe(pack.award!.vendorName);
    // Approved, in its standstill: not yet in force (OCDS "pending"), until concluded.
    expect(release.awards![0]!.status).toBe("pending");
    expect(release.awards![0]!.value).toEqual({ amount: pack.award!.evaluatedPriceMinor / 100, currency: "EUR" });
    expect(release.bids.details!).toHaveLength(pack.bundles.length);
    const awardedBid = release.bids.details!.find((b) => b.id === release.awards![0]!.relatedBids[0])!;
    expect(awardedBid.rank).toBe(pack.bundles.find((b) => b.vendorId === pack.award!.vendorOrganisationId && b.slotId === pack.award!.slotId)!.rank);
    expect(release.tender.awardCriteria).toBe("ratedCriteria");
    expect(release.tender.items.length).toBe(pack.rfp.issues.length);
  });

  it("never carries the buyer's confidential figures", () => {
    const input = hostileRound();
    const text = ocdsJson(packFrom(input, { withAward: true }));
    expect(text).not.toMatch(/reservation|batna/i);
    expect(text).not.toContain(String(input.buyer.reservationPriceMinor / 100));
    expect(text).not.toContain(input.buyer.batna.label);
  });
});
