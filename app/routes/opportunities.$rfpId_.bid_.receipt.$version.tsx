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
  const { receipt, termSheet, currency } = await orRespond(getReceiptView(database.db, rfpId, Number(params.version), vendor));
  return json({ receipt, receivedAtUtc: formatExactInstant(new Date(receipt.receivedAt)), termSheet, currency });
}

export default function Receipt() {
  const { receipt, receivedAtUtc, termSheet, currency } = useLoaderData<typeof loader>();
  return (
    <article className="receipt" aria-labelledby="receipt-title">
      <p className="crumbs no-print"><Link to={`/opportunities/${receipt.rfp.id}/bid`}>← Your bid</Link></p>
      <section className="panel">
        <p className="muted">{receipt.rfp.reference ? <span className="mono">{receipt.rfp.reference} · </span> : null}{receipt.rfp.title}</p>
        <h1 id="receipt-title">Bid receipt — version {receipt.versionNumber}</h1>
        <p className="notice no-print" role="status">Your bid was received. Keep this receipt: its time and hash prove what you submitted and when.</p>
        <dl className="facts">
          <dt>Vendor</dt>
          <dd>{receipt.vendor.name}</dd>
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
