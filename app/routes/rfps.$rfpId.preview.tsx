// Exactly what vendors will read: the same components the vendor's page uses, fed with the
// vendor-facing parts of the RFP only (no reservation price, no BATNA).
import { BundleSlotList } from "~/components/rfp/bundle-slots";
import { CriteriaTable } from "~/components/rfp/criteria-table";
import { PlainText } from "~/components/rfp/plain-text";
import { SlaRequirementsList } from "~/components/rfp/sla-requirements";
import { TermSheetTable } from "~/components/rfp/term-sheet-table";
import { TimelineList } from "~/components/rfp/timeline-list";
import { useRfp } from "~/components/rfp-editor/editor";

export default function VendorPreview() {
  const rfp = useRfp();
  const d = rfp.definition;
  return (
    <>
      <p className="notice">This is what invited vendors read. Your confidential settings are not part of it.</p>
      <section className="panel" aria-labelledby="preview-scope">
        <h2 id="preview-scope">Scope</h2>
        <PlainText text={d.basics.summary} empty="No summary yet." />
        <PlainText text={d.basics.scope} empty="No scope yet." />
      </section>
      <section className="panel" aria-labelledby="preview-timeline">
        <h2 id="preview-timeline">Timeline</h2>
        <TimelineList timeline={d.timeline} />
      </section>
      <section className="panel" aria-labelledby="preview-terms">
        <h2 id="preview-terms">Term sheet</h2>
        <TermSheetTable issues={d.termSheet} currency={d.basics.currency} />
      </section>
      <section className="panel" aria-labelledby="preview-slots">
        <h2 id="preview-slots">The three bundles vendors bid</h2>
        <BundleSlotList slots={d.bundleSlots} />
      </section>
      <section className="panel" aria-labelledby="preview-criteria">
        <h2 id="preview-criteria">Criteria and how they are scored</h2>
        {rfp.vendorPreview.evaluatedPrice ? <p>{rfp.vendorPreview.evaluatedPrice}</p> : null}
        <CriteriaTable scoring={rfp.vendorPreview} />
      </section>
      <section className="panel" aria-labelledby="preview-sla">
        <h2 id="preview-sla">SLA requirements and remedies</h2>
        <SlaRequirementsList sla={d.sla} requiredRemedies={rfp.vendorPreview.requiredRemedies} />
      </section>
    </>
  );
}
