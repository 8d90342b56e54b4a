// The grid's form and its saving. Without JavaScript it is a plain POST form: "Save draft"
// and "Submit bid" post everything and the server re-renders. With JavaScript it also saves
// by itself: a debounced fetcher post after typing stops (the server answers with fresh
// feedback), and a last keepalive post when the vendor leaves the page. The draft version
// travels with every post (optimistic concurrency), updated from each autosave's answer.
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { BidFeedback } from "~/domain/bids/content";
import type { GridErrors } from "~/domain/bids/grid-form";

/**
 * What the route's action answers to an autosave. Saved (`ok`) even with cells that cannot be
 * read: those are in `errors` and were kept as last saved, so the feedback stays live.
 */
export type AutosaveReply =
  | { intent: "autosave"; ok: true; version: number; savedAt: string; feedback: BidFeedback; errors: GridErrors }
  | { intent: "autosave"; ok: false; errors: GridErrors; formErrors: string[]; conflict?: { version: number } };

const AUTOSAVE_DELAY_MS = 1_200;

/**
 * `paused`: the page's last post was refused because the draft was changed elsewhere. Then, as
 * after an autosave refused for that reason, nothing is saved by itself (typing, leaving) until
 * the vendor saves: the message told them that saving replaces the other version (decision 015).
 */
export function useBidAutosave(initialVersion: number, enabled: boolean, replyKey?: unknown, paused = false) {
  const fetcher = useFetcher<AutosaveReply>({ key: "bid-autosave" });
  // The fetcher outlives this form (it is keyed): an answer older than this rendering is not current.
  const stale = useRef(fetcher.data);
  const formRef = useRef<HTMLFormElement>(null);
  const [version, setVersion] = useState(initialVersion);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const versionRef = useRef(version);
  versionRef.current = version;
  const pausedRef = useRef(paused);
  // Cells typed into since this form was rendered: their messages from the last post are stale.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const firstReply = useRef(replyKey);
  useEffect(() => {
    if (firstReply.current === replyKey) return;
    firstReply.current = replyKey;
    stale.current = fetcher.data;
    setTouched(new Set());
  }, [replyKey, fetcher.data]);

  useEffect(() => setVersion((v) => Math.max(v, initialVersion)), [initialVersion]);
  useEffect(() => {
    const reply = fetcher.data;
    // A stale autosave's answer names the version that stands: the form carries it from now on,
    // so the vendor's next Save replaces it on purpose (autosave is paused meanwhile).
    const learned = reply?.ok ? reply.version : reply?.conflict?.version;
    if (learned !== undefined) setVersion((v) => Math.max(v, learned));
  }, [fetcher.data]);

  // The form is passed in, not read from the ref: when the form unmounts (a revalidation after a
  // refused post re-renders it), the ref is already null by the time the effect's cleanup saves.
  const formDataFor = useCallback((form: HTMLFormElement) => {
    const data = new FormData(form);
    data.set("intent", "autosave");
    data.set("expectedVersion", String(versionRef.current));
    return data;
  }, []);

  const saveNow = useCallback(() => {
    const form = formRef.current;
    if (!form || !dirty.current || pausedRef.current) return;
    dirty.current = false;
    fetcher.submit(formDataFor(form), { method: "post" });
  }, [fetcher, formDataFor]);

  useEffect(() => {
    const form = formRef.current;
    if (!form || !enabled) return;
    const onInput = (event: Event) => {
      const control = event.target as HTMLInputElement | null;
      // Controls of no form (the phone's bundle switch) change the view, not the bid.
      if (control?.form !== form) return;
      const name = control.name;
      if (name) setTouched((seen) => (seen.has(name) ? seen : new Set(seen).add(name)));
      if (pausedRef.current) return;
      dirty.current = true;
      clearTimeout(timer.current);
      timer.current = setTimeout(saveNow, AUTOSAVE_DELAY_MS);
    };
    // An explicit post carries everything typed, so nothing is left to save on leaving.
    const onSubmit = () => {
      clearTimeout(timer.current);
      dirty.current = false;
    };
    const leave = () => {
      if (!dirty.current || pausedRef.current) return;
      dirty.current = false;
      clearTimeout(timer.current);
      // keepalive lets the request finish while the page goes away.
      void fetch(form.action || window.location.href, { method: "POST", body: formDataFor(form), keepalive: true, credentials: "same-origin" }).catch(() => undefined);
    };
    const onHide = () => {
      if (document.visibilityState === "hidden") leave();
    };
    form.addEventListener("input", onInput);
    form.addEventListener("change", onInput);
    form.addEventListener("submit", onSubmit);
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", leave);
    return () => {
      form.removeEventListener("input", onInput);
      form.removeEventListener("change", onInput);
      form.removeEventListener("submit", onSubmit);
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", leave);
      // Leaving through a link inside the app unmounts the form: save then too.
      leave();
    };
  }, [enabled, saveNow, formDataFor]);

  /** The last autosave's answer, if it came after this form's rendering or its last post. */
  const live = fetcher.data === stale.current ? undefined : fetcher.data;
  const isPaused = paused || (live?.ok === false && live.conflict !== undefined);
  pausedRef.current = isPaused;
  return { fetcher, formRef, version, touched, live, paused: isPaused, saving: fetcher.state !== "idle" };
}

export function BidForm({
  initialVersion,
  idempotencyKey,
  editable,
  replyKey,
  paused,
  children,
  actions,
}: {
  initialVersion: number;
  idempotencyKey: string;
  editable: boolean;
  /** The page's last post answer: when it changes, messages and typed cells start afresh. */
  replyKey?: unknown;
  /** The page's last post was refused as stale: nothing saves by itself until the vendor saves. */
  paused?: boolean;
  children: (autosave: ReturnType<typeof useBidAutosave>) => ReactNode;
  actions: (autosave: ReturnType<typeof useBidAutosave>) => ReactNode;
}) {
  const autosave = useBidAutosave(initialVersion, editable, replyKey, paused);
  const navigation = useNavigation();
  const pending = useRef<HTMLElement | null>(null);
  const { fetcher, formRef, version } = autosave;

  // A click on Save or Submit while an autosave is in flight waits for it, so both posts do
  // not carry the same version (the second would be refused as a stale save).
  useEffect(() => {
    if (fetcher.state === "idle" && pending.current && formRef.current) {
      const submitter = pending.current;
      pending.current = null;
      formRef.current.requestSubmit(submitter);
    }
  }, [fetcher.state, formRef, version]);

  return (
    <Form
      method="post"
      ref={formRef}
      className="bid-form"
      autoComplete="off"
      aria-busy={navigation.state === "submitting" || undefined}
      onSubmit={(event) => {
        if (fetcher.state !== "idle") {
          event.preventDefault();
          pending.current = (event.nativeEvent as SubmitEvent).submitter ?? null;
        }
      }}
    >
      <input type="hidden" name="expectedVersion" value={version} readOnly />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} readOnly />
      {children(autosave)}
      {actions(autosave)}
    </Form>
  );
}
