// Results across rounds: links to each opened round (BAFO rounds are 2, 3, …), and per vendor
// how its best bundle moved from the previous round to this one (total and place).
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { movementWords, standingWords } from "~/domain/bafo/movement-words";
import type { VendorMovement } from "~/domain/bafo/round";

/** "Round 1 · Round 2": the round shown is marked, the others are links (the newest needs no parameter). */
export function RoundSwitcher({ round, rounds }: { round: number; rounds: readonly number[] }) {
  if (rounds.length < 2) return null;
  const newest = rounds[rounds.length - 1];
  return (
    <nav aria-label="Rounds" className="round-switcher no-print">
      <span className="muted">Round:</span>{" "}
      {rounds.map((r, i) => (
        <span key={r}>
          {i > 0 ? " · " : null}
          {r === round ? (
            <strong aria-current="page">{r === 1 ? "Round 1" : `Round ${r} (BAFO)`}</strong>
          ) : (
            <Link to={r === newest ? "." : `?round=${r}`} discover="none">{r === 1 ? "Round 1" : `Round ${r} (BAFO)`}</Link>
          )}
        </span>
      ))}
    </nav>
  );
}

/** Each vendor's best bundle in round N−1 against round N. */
export function MovementSection({ movement, round }: { movement: { fromRound: number; rows: SerializeFrom<VendorMovement>[]; more: number }; round: number }) {
  return (
    <section className="panel" aria-labelledby="movement-title">
      <h3 id="movement-title">Movement per vendor: round {movement.fromRound} → round {round}</h3>
      <p className="hint">
        Each vendor&apos;s best bundle in the newest evaluation run of each round: its total points and its place among the vendors ranked in that round. The
        movement is the difference of the totals shown, and counts places among the vendors placed in both rounds, not past bidders who left.
      </p>
      <div className="table-wrap">
        {/* On a phone each vendor is a card (both rounds and the movement labelled), not four columns off the screen. */}
        <table className="table--stack">
          <caption className="sr-only">Best bundle per vendor in round {movement.fromRound} and round {round}</caption>
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              <th scope="col">Round {movement.fromRound}</th>
              <th scope="col">Round {round}</th>
              <th scope="col">Movement</th>
            </tr>
          </thead>
          <tbody>
            {movement.rows.map((m) => (
              <tr key={m.vendorId}>
                <th scope="row">{m.vendorName}</th>
                <td data-label={`Round ${movement.fromRound}`}>{m.before ? standingWords(m.before) : "—"}</td>
                <td data-label={`Round ${round}`}>{m.after ? standingWords(m.after) : "not shortlisted or no BAFO bid"}</td>
                <td data-label="Movement">{movementWords(m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {movement.more > 0 ? (
        <p className="hint">
          {movement.more} more {movement.more === 1 ? "vendor is" : "vendors are"} not listed here (the vendors of round {round} come first). The ranking lists every bundle of
          this round: choose a vendor in its filter.
        </p>
      ) : null}
    </section>
  );
}
