// Exactly what vendors will read: the same components the vendor's page uses, fed with the
// vendor-facing parts of the RFP only (no reservation price, no BATNA).
import { KeptMarkup } from "~/components/kept-markup";
import { BundleSlotList } from "~/components/rfp/bundle-slots";
import { CriteriaTable } from "~/components/rfp/criteria-table";
import { PlainText } from "~/components/rfp/plain-text";
import { SlaRequirementsList } from "~/components/rfp/sla-requirements";
import { TermSheetTable } from "~/components/rfp/term-sheet-table";
import { TimelineList } from "~/components/rfp/timeline-list";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { describeScoringForVendors } from "~/domain/rfp/preview";
import { loadWorkspaceTab } from "~/web/rfp-editor.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(
    await loadWorkspaceTab(request, context, params.rfpId!, ({ view }) => {
      const d = view.definition;
      const { evaluatedPrice, criteria, gates, qualityBeforePrice, requiredRemedies } = describeScoringForVendors(d);
      return {
        summary: d.basics.summary,
        scope: d.basics.scope,
        currency: d.basics.currency,
        timeline: d.timeline,
        termSheet: d.termSheet,
        bundleSlots: d.bundleSlots,
        sla: d.sla,
        scoring: { evaluatedPrice, criteria, gates, qualityBeforePrice, requiredRemedies },
      };
    }),
  );
}

export default function VendorPreview() {
  const { summary, scope, currency, timeline, termSheet, bundleSlots, sla, scoring } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="notice">This is what invited vendors read. Your confidential settings are not part of it.</p>
      <section className="panel" aria-labelledby="preview-scope">
        <h2 id="preview-scope">Scope</h2>
        <PlainText text={summary} empty="No summary yet." />
        <PlainText text={scope} empty="No scope yet." />
      </section>
      <section className="panel" aria-labelledby="preview-timeline">
        <h2 id="preview-timeline">Timeline</h2>
        <TimelineList timeline={timeline} />
      </section>
      <section className="panel" aria-labelledby="preview-terms">
        <h2 id="preview-terms">Term sheet</h2>
        <KeptMarkup component={TermSheetTable} props={{ issues: termSheet, currency }} />
      </section>
      <section className="panel" aria-labelledby="preview-slots">
        <h2 id="preview-slots">The three bundles vendors bid</h2>
        <KeptMarkup component={BundleSlotList} props={{ slots: bundleSlots }} />
      </section>
      <section className="panel" aria-labelledby="preview-criteria">
        <h2 id="preview-criteria">Criteria and how they are scored</h2>
        {scoring.evaluatedPrice ? <p>{scoring.evaluatedPrice}</p> : null}
        <KeptMarkup component={CriteriaTable} props={{ scoring }} />
      </section>
      <section className="panel" aria-labelledby="preview-sla">
        <h2 id="preview-sla">SLA requirements and remedies</h2>
        <KeptMarkup component={SlaRequirementsList} props={{ sla, requiredRemedies: scoring.requiredRemedies }} />
      </section>
    </>
  );
}
