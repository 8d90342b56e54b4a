// The BAFO round (buyers): after a round is opened and evaluated, shortlist bidders (a reason
// each), set a new deadline and send each one a conditional ask, built from one of the
// engine's counter-package suggestions or written freely. Past rounds are listed with their
// shortlists and asks. A plain form that works without JavaScript; a refusal answers 4xx with
// every message beside its field and everything typed kept.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { LocalTime, useBrowserZone } from "~/components/local-time";
import { askSentence, bafoField, parseBafoRoundForm } from "~/domain/bafo/round";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { formatPoints } from "~/domain/evaluation/format";
import { isTimeZone, wallTimeToInstant } from "~/domain/rfp/editor-forms";
import { runtime } from "~/runtime.server";
import { createBafoRound, getBafoPage, suggestionAsksOf } from "~/services/bafo/round.server";
import { orRespond } from "~/web/errors.server";
import { readFormData } from "~/web/input.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `BAFO round · ${data.view.rfp.title} · Pareto` : "BAFO round · Pareto" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "manage:bafo:own");
  const { database } = await runtime();
  const view = await orRespond(getBafoPage(database.db, params.rfpId ?? "", actor));
  const query = new URL(request.url).searchParams;
  const created = query.get("done") === "created";
  return json({ view, notice: created ? "The BAFO round is open. Each shortlisted vendor was sent its ask; the other bidders were told they are not shortlisted." : null, chosen: chosenAsk(view, query) });
}

/**
 * The ask that MESO insight's "Use this ask in a BAFO round" chose (`?vendor=…&suggestion=…`): that
 * vendor ticked and that suggestion picked in the form, when both name a usable suggestion of a
 * bidder the round may shortlist; anything else is ignored (the form as it would be without them).
 */
function chosenAsk(view: { candidates: { vendorOrganisationId: string; suggestions: { index: number; parts: unknown }[] }[] }, query: URLSearchParams): { vendorId: string; suggestion: number } | null {
  const vendorId = query.get("vendor");
  const suggestion = Number(query.get("suggestion") ?? "");
  const candidate = view.candidates.find((c) => c.vendorOrganisationId === vendorId);
  return candidate && candidate.suggestions.some((s) => s.index === suggestion && s.parts) ? { vendorId: candidate.vendorOrganisationId, suggestion } : null;
}

interface ActionReply {
  message: string;
  fieldErrors: Record<string, string[]>;
  /** What was typed, as [field, value] pairs (field names carry vendor ids: never object keys). */
  values: [string, string][];
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "manage:bafo:own");
  const rfpId = params.rfpId ?? "";
  const { database } = await runtime();
  const form = await readFormData(request);
  const values = [...form.entries()].map(([k, v]): [string, string] => [k, typeof v === "string" ? v : ""]);
  const view = await orRespond(getBafoPage(database.db, rfpId, actor));
  const zone = String(form.get("timeZone") ?? "UTC");
  const fields = { get: (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : null), getAll: (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string") };
  const parsed = parseBafoRoundForm(fields, (text) => wallTimeToInstant(text, isTimeZone(zone) ? zone : "UTC"), suggestionAsksOf(view));
  if (!parsed.ok) {
    return json<ActionReply>({ message: "The round was not started: correct the fields marked below.", fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  }
  try {
    await createBafoRound(database.db, rfpId, parsed.input, actor);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return json<ActionReply>({ message: error.message, fieldErrors: error.fieldErrors, values }, { status: httpStatusOf[error.code] });
  }
  return redirect(`/rfps/${rfpId}/bafo?done=created`);
}

type View = ReturnType<typeof useLoaderData<typeof loader>>["view"];

function FieldError({ errors }: { errors: string[] | undefined }) {
  return errors?.length ? <p className="field-error" role="alert">{errors.join(" ")}</p> : null;
}

export default function BafoRound() {
  const { view, notice, chosen } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ActionReply | undefined;
  return (
    <section className="panel bafo" aria-labelledby="bafo-title">
      <h2 id="bafo-title">Best and final offers (BAFO)</h2>
      {notice ? <p className="notice" role="status">{notice}</p> : null}
      {view.rounds.map((r) => <PastRound key={r.round} round={r} />)}
      {view.blocked ? (
        <p className={view.rounds.length > 0 ? "hint" : undefined}>{view.blocked}</p>
      ) : (
        <NewRound view={view} reply={reply} chosen={chosen} />
      )}
    </section>
  );
}

function PastRound({ round }: { round: View["rounds"][number] }) {
  return (
    <section className="bafo-round" aria-labelledby={`round-${round.round}-title`}>
      <h3 id={`round-${round.round}-title`}>Round {round.round}</h3>
      <p>Deadline <LocalTime value={round.bidsCloseAt} /> · started <LocalTime value={round.createdAt} />{round.note ? <> · {round.note}</> : null}</p>
      <div className="table-wrap">
        {/* On a phone each shortlisted vendor is a card (its reason and asks labelled), not three narrow columns. */}
        <table className="table--stack">
          <caption className="sr-only">Shortlist and asks of round {round.round}</caption>
          <thead>
            <tr><th scope="col">Vendor</th><th scope="col">Why shortlisted</th><th scope="col">Conditional ask</th></tr>
          </thead>
          <tbody>
            {round.shortlist.map((s) => (
              <tr key={s.vendorOrganisationId}>
                <th scope="row">{s.vendorName}</th>
                <td data-label="Why shortlisted">{s.reason}</td>
                <td data-label="Conditional ask">{s.asks.map((a, i) => <p key={i}>{askSentence(a)} <span className="muted">({a.source === "suggestion" ? "from the engine's suggestion" : "written freely"})</span></p>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const ZONE_LABELS: Record<"likely" | "unlikely" | "unknown", string> = { likely: "agreement likely", unlikely: "agreement unlikely", unknown: "agreement unknown" };

function NewRound({ view, reply, chosen }: { view: View; reply: ActionReply | undefined; chosen: { vendorId: string; suggestion: number } | null }) {
  const zone = useBrowserZone();
  const navigation = useNavigation();
  const typed = new Map(reply?.values ?? []);
  // What was typed wins; before any answer, the ask chosen on MESO insight is ticked and picked.
  const ticked = new Set(reply ? reply.values.filter(([k]) => k === "shortlist").map(([, v]) => v) : chosen ? [chosen.vendorId] : []);
  const errors = new Map(Object.entries(reply?.fieldErrors ?? {}));
  const next = (view.openedRound ?? 1) + 1;
  return (
    <Form method="post" className="bafo-form" noValidate>
      <h3>Start round {next}</h3>
      <p className="hint">
        Shortlist bidders of round {view.openedRound}, say why, and send each a conditional ask: &ldquo;if we &hellip;, could you &hellip;&rdquo;. Pick one of the engine&apos;s
        counter-packages (leave both parts blank to send its own words, or edit them) or write your own. Shortlisted vendors bid again, sealed, or confirm their bid unchanged; the
        others are told they are not shortlisted.
      </p>
      {reply ? <p className="form-error" role="alert">{reply.message}</p> : null}
      {!reply && chosen ? (
        <p className="notice" role="status">
          {view.candidates.find((c) => c.vendorOrganisationId === chosen.vendorId)?.vendorName} is shortlisted below with suggestion {chosen.suggestion + 1} from MESO insight as its ask. Shortlist the
          other bidders you want in the round, say why, and set the deadline.
        </p>
      ) : null}
      <FieldError errors={errors.get("shortlist")} />
      {view.candidates.map((c) => {
        const usable = c.suggestions.find((s) => s.parts);
        const picked = !reply && chosen?.vendorId === c.vendorOrganisationId ? `suggestion:${chosen.suggestion}` : undefined;
        const choice = typed.get(bafoField("ask", c.vendorOrganisationId)) ?? picked ?? (usable ? `suggestion:${usable.index}` : "free");
        return (
          <fieldset key={c.vendorOrganisationId} id={`bafo-vendor-${c.vendorOrganisationId}`} className="bafo-vendor">
            <legend>{c.vendorName}</legend>
            <label className="check">
              <input type="checkbox" name="shortlist" value={c.vendorOrganisationId} defaultChecked={ticked.has(c.vendorOrganisationId)} /> Shortlist {c.vendorName}
            </label>
            <div className="field">
              <label htmlFor={`reason-${c.vendorOrganisationId}`}>Why shortlist {c.vendorName}</label>
              <textarea id={`reason-${c.vendorOrganisationId}`} name={bafoField("reason", c.vendorOrganisationId)} rows={2} defaultValue={typed.get(bafoField("reason", c.vendorOrganisationId)) ?? ""} />
              <FieldError errors={errors.get(bafoField("reason", c.vendorOrganisationId))} />
            </div>
            <fieldset className="bafo-ask-choice">
              <legend>Ask to {c.vendorName}</legend>
              {c.suggestions.map((s) => (
                <label key={s.index} className="check">
                  <input type="radio" name={bafoField("ask", c.vendorOrganisationId)} value={`suggestion:${s.index}`} defaultChecked={choice === `suggestion:${s.index}`} disabled={!s.parts} /> {s.ask}{" "}
                  <span className="muted">(engine suggestion: this bundle gains {formatPoints(s.gain)} points, {ZONE_LABELS[s.zoneOfAgreement]})</span>
                </label>
              ))}
              <label className="check">
                <input type="radio" name={bafoField("ask", c.vendorOrganisationId)} value="free" defaultChecked={choice === "free"} /> My own words, below
              </label>
              <FieldError errors={errors.get(bafoField("ask", c.vendorOrganisationId))} />
            </fieldset>
            <div className="field">
              <label htmlFor={`ifwe-${c.vendorOrganisationId}`}>If we … ({c.vendorName})</label>
              <input id={`ifwe-${c.vendorOrganisationId}`} name={bafoField("ifWe", c.vendorOrganisationId)} defaultValue={typed.get(bafoField("ifWe", c.vendorOrganisationId)) ?? ""} />
              <FieldError errors={errors.get(bafoField("ifWe", c.vendorOrganisationId))} />
            </div>
            <div className="field">
              <label htmlFor={`couldyou-${c.vendorOrganisationId}`}>could you … ({c.vendorName})</label>
              <input id={`couldyou-${c.vendorOrganisationId}`} name={bafoField("couldYou", c.vendorOrganisationId)} defaultValue={typed.get(bafoField("couldYou", c.vendorOrganisationId)) ?? ""} />
              <FieldError errors={errors.get(bafoField("couldYou", c.vendorOrganisationId))} />
            </div>
          </fieldset>
        );
      })}
      <div className="field">
        <label htmlFor="bafo-deadline">Round {next} deadline</label>
        <span className="hint">In your time zone, {zone}. It must be in the future.</span>
        <input id="bafo-deadline" type="datetime-local" step={1} name="bidsCloseAt" defaultValue={typed.get("bidsCloseAt") ?? ""} />
        <input type="hidden" name="timeZone" value={zone} />
        <FieldError errors={errors.get("bidsCloseAt")} />
      </div>
      <div className="field">
        <label htmlFor="bafo-note">Note for the record (optional)</label>
        <textarea id="bafo-note" name="note" rows={2} defaultValue={typed.get("note") ?? ""} />
        <FieldError errors={errors.get("note")} />
      </div>
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>Start round {next} and notify the vendors</button>
    </Form>
  );
}

