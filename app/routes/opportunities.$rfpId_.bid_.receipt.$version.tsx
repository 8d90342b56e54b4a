// The receipt of one submitted version: what the vendor keeps as proof of what it sent and
// when. The time is the database's at recording (to the millisecond, shown in UTC and in the
// reader's zone); the hash is the SHA-256 of the canonical content. Printable as it stands.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { formatExactInstant } from "~/domain/bids/state";
import { runtime } from "~/runtime.server";
import { getReceiptView } from "~/services/bids/index.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { ReceiptBundles } from "~/components/bid/receipt-bundles";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Receipt, version ${data.receipt.versionNumber} · ${data.receipt.rfp.title} · Pareto` : "Receipt · Pareto" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = await requireActor(request, context, "submit:bid:own");
  const vendor = account;
  const { database } = await runtime();
  const rfpId = params.rfpId ?? "";
  const { receipt, termSheet, currency, round, rounds } = await orRespond(getReceiptView(database.db, rfpId, Number(params.version), vendor, roundAsked(request)));
  return json({ receipt, receivedAtUtc: formatExactInstant(new Date(receipt.receivedAt)), termSheet, currency, round: rounds > 1 ? round : null });
}

/**
 * The round in `?round=N`: version numbers start again in every BAFO round, so a receipt of an
 * earlier round is asked for by its round; without it, the round the vendor bids in now.
 */
function roundAsked(request: Request): number | undefined {
  const asked = new URL(request.url).searchParams.get("round");
  if (asked === null) return undefined;
  if (!/^[1-9][0-9]{0,3}$/.test(asked)) throw json("The round in this address must be a round number, such as ?round=1.", { status: 400 });
  return Number(asked);
}

export default function Receipt() {
  const { receipt, receivedAtUtc, termSheet, currency, round } = useLoaderData<typeof loader>();
  return (
    <article className="receipt" aria-labelledby="receipt-title">
      <p className="crumbs no-print"><Link to={`/opportunities/${receipt.rfp.id}/bid`}>← Your bid</Link></p>
      <section className="panel">
        <p className="muted">{receipt.rfp.reference ? <span className="mono">{receipt.rfp.reference} · </span> : null}{receipt.rfp.title}</p>
        <h1 id="receipt-title">Bid receipt — {round !== null ? `round ${round}, ` : ""}version {receipt.versionNumber}</h1>
        <p className="notice no-print" role="status">Your bid was received. Keep this receipt: its time and hash prove what you submitted and when.</p>
        <dl className="facts">
          <dt>Vendor</dt>
          <dd>{receipt.vendor.name}</dd>
          {round !== null ? (
            <>
              <dt>Round</dt>
              <dd>{round === 1 ? "1 (the first bids)" : `${round} (best and final offer)`}</dd>
            </>
          ) : null}
          <dt>Version</dt>
          <dd>{receipt.versionNumber}</dd>
          <dt>Received (UTC)</dt>
          <dd><time dateTime={receipt.receivedAt} className="mono" data-testid="received-utc">{receivedAtUtc}</time></dd>
          <dt>Received (your time)</dt>
          <dd><LocalTime value={receipt.receivedAt} /></dd>
          <dt>Content hash (SHA-256)</dt>
          <dd className="mono hash" data-testid="content-hash">{receipt.contentHash}</dd>
        </dl>
        <p className="hint">The hash is computed over the canonical JSON of the submitted bid (keys sorted); the buyer sees the same hash at bid opening.</p>
      </section>
      <section className="panel" aria-labelledby="bundles-title">
        <h2 id="bundles-title">What you submitted</h2>
        <ReceiptBundles bundles={receipt.bundles} termSheet={termSheet} currency={currency} />
      </section>
      <p className="button-row no-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>Print receipt</button>
        <Link to={`/opportunities/${receipt.rfp.id}/bid`}>Back to your bid</Link>
      </p>
    </article>
  );
}
