// What Pareto would have emailed, readable in the portal in the embedded demo only, and by
// each person only for the mail addressed to them (invitation links included). On a server,
// mail goes out through SMTP and this page answers 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { MAILBOX_PAGE_SIZE, noticeParts } from "~/domain/notifications";
import { runtime } from "~/runtime.server";
import { isMailboxAvailable, readMailbox } from "~/services/notifications.server";
import { requireAccount } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Mailbox · Pareto" }];

const STATUS_LABELS = { queued: "Queued", sent: "Sent", failed: "Failed" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(request, context);
  const { config, database } = await runtime();
  if (!isMailboxAvailable(config)) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  const { recipient, messages } = await readMailbox(database.db, account);
  // Links read as the mail carries them: absolute, with the configured public address.
  return json({ recipient, messages: messages.map((m) => ({ ...m, body: noticeParts(m.body, config.publicUrl) })), sending: config.smtp !== null });
}

export default function Mailbox() {
  const { messages, sending } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Mailbox</h1>
      <p className="hint">
        {sending
          ? "Pareto emails its notifications; in this demo you can also read them here."
          : "This demo has no mail server, so the notifications it would have emailed you wait in this mailbox."}{" "}
        You see the messages addressed to you.
      </p>
      {messages.length === 0 ? (
        <p className="empty">No messages yet.</p>
      ) : (
        <>
          {messages.length === MAILBOX_PAGE_SIZE ? <p className="hint">Showing the newest {MAILBOX_PAGE_SIZE} messages.</p> : null}
          {messages.map((m) => (
            <article key={m.id} className="panel" aria-labelledby={`message-${m.id}`}>
              <h2 id={`message-${m.id}`}>{m.subject}</h2>
              <p className="muted">
                To {m.to_email} ·{" "}
                <LocalTime value={m.created_at} /> ·{" "}
                <span className={m.status === "failed" ? "badge badge--bad" : "badge"}>{STATUS_LABELS[m.status]}</span>
                {m.last_error ? <span> · last error: {m.last_error}</span> : null}
              </p>
              {/* The body is plain text: pre keeps its line breaks and indentation; .message-body keeps it on screen. */}
              <pre className="message-body">
                {m.body.map((part, i) => ("href" in part ? <a key={i} href={part.href}>{part.href}</a> : part.text))}
              </pre>
            </article>
          ))}
        </>
      )}
    </>
  );
}
