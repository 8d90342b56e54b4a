// A BAFO round on the vendor's pages: the buyer's conditional ask, the round's deadline, and
// the two ways to answer (a new sealed bid in the grid, or the earlier bid confirmed
// unchanged); a vendor left off the shortlist is told so, and nothing about anyone else.
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { ReceiptBundles } from "~/components/bid/receipt-bundles";
import { LocalTime } from "~/components/local-time";
import { askSentence } from "~/domain/bafo/round";
import type { RfpIssue } from "~/domain/rfp/term-sheet";
import type { VendorBafoView } from "~/services/bafo/vendor.server";

type Bafo = SerializeFrom<VendorBafoView>;

function AskList({ bafo }: { bafo: Bafo }) {
  if (bafo.asks.length === 0) return null;
  return (
    <ul className="bafo-asks">
      {bafo.asks.map((a, i) => (
        <li key={i}>
          <blockquote className="bafo-ask">{askSentence(a)}</blockquote>
        </li>
      ))}
    </ul>
  );
}

function NotShortlisted({ bafo }: { bafo: Bafo }) {
  return (
    <section className="panel bafo-panel" aria-labelledby="bafo-title">
      <h2 id="bafo-title">Best and final offers: round {bafo.round}</h2>
      <p>The buyer has started a BAFO round with a shortlist of bidders. Your bid is not on the shortlist, so you cannot bid in round {bafo.round}. Your bid of round {bafo.round - 1} stays on record as it was opened.</p>
    </section>
  );
}

/** On the bid page: the ask, and the confirm-unchanged form while the round is open. */
export function BafoBidPanel({ bafo, idempotencyKey, busy, error }: { bafo: Bafo; idempotencyKey: string; busy: boolean; error: string | null }) {
  if (!bafo.shortlisted) return <NotShortlisted bafo={bafo} />;
  return (
    <section className="panel bafo-panel" aria-labelledby="bafo-title">
      <h2 id="bafo-title">Best and final offers: round {bafo.round}</h2>
      <p>You are shortlisted. The buyer asks:</p>
      <AskList bafo={bafo} />
      <p>Round {bafo.round} closes <strong><LocalTime value={bafo.bidsCloseAt} /></strong>. Its bids are sealed like round {bafo.round - 1}&apos;s.{bafo.confirmedUnchanged ? ` You confirmed your round-${bafo.round - 1} bid unchanged for this round.` : ""}</p>
      {bafo.canConfirmUnchanged ? (
        <Form method="post" className="button-row">
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <button type="submit" name="intent" value="confirm-unchanged" className="button button--secondary" disabled={busy}>Confirm my round-{bafo.round - 1} bid unchanged</button>
          <span className="hint">Or change the grid below (it starts from your round-{bafo.round - 1} bid) and submit a new version.</span>
        </Form>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </section>
  );
}

/** On the vendor's RFP page: the ask, its own bundles of the previous round, and where to answer. */
export function BafoRfpSection({ bafo, rfpId, termSheet, currency }: { bafo: Bafo; rfpId: string; termSheet: readonly SerializeFrom<RfpIssue>[]; currency: string }) {
  if (!bafo.shortlisted) return <NotShortlisted bafo={bafo} />;
  return (
    <section className="panel bafo-panel" aria-labelledby="bafo-title">
      <h2 id="bafo-title">Best and final offers: round {bafo.round}</h2>
      <p>You are shortlisted for round {bafo.round}. The buyer asks:</p>
      <AskList bafo={bafo} />
      <p>
        Round {bafo.round} closes <strong><LocalTime value={bafo.bidsCloseAt} /></strong>.{" "}
        {bafo.deadlinePassed ? "Its deadline has passed." : <Link to={`/opportunities/${rfpId}/bid`}>Submit a new bid or confirm your earlier one unchanged</Link>}
      </p>
      {bafo.previous ? (
        <>
          <h3>Your bid of round {bafo.previous.round} (version {bafo.previous.versionNumber})</h3>
          <ReceiptBundles bundles={bafo.previous.bundles} termSheet={termSheet as RfpIssue[]} currency={currency} caption={`Your bundles of round ${bafo.previous.round}`} />
        </>
      ) : null}
    </section>
  );
}
