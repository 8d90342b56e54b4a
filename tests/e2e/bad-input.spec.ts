// Hostile input never causes a 5xx: every form of every page and every query parameter of
// every loader, posted with NUL, lone surrogates, a 1 MB string, 1e309, -1, a 20-digit
// number and wrong content types. Plus: sign-in redirects only to paths of this site.
//
// The routes and their fields are listed below as data (read from the route files). The
// test also reads every page's real forms, uses their values as the valid baseline, and
// fails if a page shows a form field the list does not name: the list cannot go stale.
//
// Accounts: vendor5 and a fresh draft RFP of the buyer, which no other spec uses.
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";

test.describe.configure({ timeout: 120_000 });

const DEMO_PASSWORD = "pareto-demo";
/** Longer than any form should take to answer, even with a 1 MB field. */
const REQUEST_TIMEOUT = 5_000;
/** Fields mutated per form and intent at most (sampled evenly when a form has more). */
const MAX_TARGETS = 24;
type Role = "buyer" | "evaluator" | "admin" | "vendor";
const EMAIL: Record<Role, string> = { buyer: "buyer@demo.pareto", evaluator: "evaluator@demo.pareto", admin: "admin@demo.pareto", vendor: "vendor5@demo.pareto" };

const SURROGATE = "\uD800";
const HOSTILE: Record<string, string> = {
  nul: "a\u0000b",
  surrogate: `x${SURROGATE}y`,
  mega: "x".repeat(1 << 20),
  inf: "1e309",
  negative: "-1",
  huge: "99999999999999999999",
};
/**
 * Names every JavaScript object inherits: a query value or path id looked up in a table of
 * notices or labels must find none of them (`?done=__proto__` once rendered a built-in: a 500).
 */
const BUILT_IN_KEYS: Record<string, string> = { proto: "__proto__", ctor: "constructor", toString: "toString", hasOwn: "hasOwnProperty" };

/** Names on a page's forms: exact names, or patterns for names built from ids (e.g. "weight.<criterion>"). */
type FieldName = string | RegExp;
interface FormSpec {
  role: Role;
  /** The page that shows the form (its action posts back to it unless `action` says otherwise); :own is the buyer's fresh RFP, :demo the RFP vendor5 is invited to. */
  page: string;
  action?: string;
  /** Intent (the submit button's value; "" when the form has none) → the fields it posts. */
  intents: Record<string, FieldName[]>;
  /** Values not to post for a field (e.g. a wrong password counts as a failed sign-in). */
  skip?: Record<string, string[]>;
  /** Intents the page shows that this test does not post, with the reason in a comment. */
  notPosted?: RegExp;
}

const VERSIONED = ["expectedVersion", "reason"];
const FORMS: FormSpec[] = [
  { role: "buyer", page: "/rfps", intents: { create: ["title", "template"], copy: ["rfpId"], delete: ["rfpId"] } },
  { role: "buyer", page: "/rfps/:own/basics", intents: { basics: [...VERSIONED, "title", "reference", "summary", "scope", "category", "currency", "horizonMonths"] } },
  { role: "buyer", page: "/rfps/:own/timeline", intents: { timeline: [...VERSIONED, "timeZone", "questionsCloseAt", "bidsCloseAt", "bidValidityDays"] } },
  {
    role: "buyer",
    page: "/rfps/:own/term-sheet",
    intents: {
      issue: [...VERSIONED, "issueId", "name", "kind", "unit", "options", "required", "description", /^(min|max|integer|minimum|maximum|step|decimals)\w*$/],
      tradeables: [...VERSIONED, "keys"],
      "remove-issue": [...VERSIONED, "rowId"],
    },
  },
  { role: "buyer", page: "/rfps/:own/slots", intents: { slots: [...VERSIONED, /^slots\[\d+\]\.(id|name|description)$/] } },
  {
    role: "buyer",
    page: "/rfps/:own/criteria",
    intents: {
      weights: [...VERSIONED, /^weight\.[\w-]+$/, "removeId"],
      points: [...VERSIONED, "criterionId", /^points\.[\w-]+$/],
      "add-criterion": [...VERSIONED, "name", "kind", "weight", "issueId", "direction", "worst", "best", "rubric"],
      evaluation: [...VERSIONED, "priceFormula", "floor", "ceiling", /^evaluatedPrice\.[\w-]+$/, "evaluatedPriceDescription", "consensus", "spreadMargin"],
      procedure: [...VERSIONED, "qualityBeforePrice"],
      "add-gate-number": [...VERSIONED, "name", "kind", "issueId", "operator", "value"],
      "add-gate-choice": [...VERSIONED, "name", "kind", "issueId", "allowed"],
      "add-gate-sla-present": [...VERSIONED, "name", "kind", "metric"],
      "add-gate-criterion-min": [...VERSIONED, "name", "kind", "criterionId", "minimumPercent"],
      "remove-gate": [...VERSIONED, "rowId"],
    },
  },
  {
    role: "buyer",
    page: "/rfps/:own/sla",
    intents: {
      "add-sla": [...VERSIONED, "metric", "unit", "direction", "minimumTarget", "window", "verificationSource", "description"],
      "remove-sla": [...VERSIONED, "rowId"],
      remedies: [
        ...VERSIONED,
        "serviceCreditRequired",
        "serviceCreditMinimumPercent",
        "serviceCreditMinimumCapPercent",
        "holdbackRequired",
        "holdbackMinimumPercent",
        "holdbackReleaseCondition",
        "terminationRightRequired",
        "transitionAssistanceRequired",
      ],
    },
  },
  { role: "buyer", page: "/rfps/:own/vendors", intents: { invite: [...VERSIONED, "emails"], visibility: [...VERSIONED, "isPublic"] } },
  {
    role: "buyer",
    page: "/rfps/:own/confidential",
    intents: { confidential: [...VERSIONED, "reservationPrice", "batnaLabel", /^batna\.[\w-]+$/, "notes"] },
  },
  { role: "buyer", page: "/rfps/:own/panel", intents: { "": [/^member\.[\w-]+$/, /^criteria\.[\w-]+$/] } },
  { role: "buyer", page: "/rfps/:demo/questions", intents: { "": ["questionId", "answer", "visibility", "publishedQuestion"] } },
  { role: "buyer", page: "/rfps/:own/opening", intents: { start: [], confirm: [], decide: ["vendorOrganisationId", "decision", "reason"] } },
  { role: "buyer", page: "/rfps/:own/consensus", intents: { moderate: ["criterionId", "vendorOrganisationId", "slotId", "value", "reason"], unlock: ["reason"], lock: [], run: [] } },
  { role: "evaluator", page: "/rfps/:demo/scoring", intents: { "": [/^(conflict|note|changeReason)\.[\w-]+$/] } },
  { role: "evaluator", page: "/rfps/:demo/scoring/:uuid", intents: { draft: [/^(score|justification)\.[\w-]+\.[\w-]+\.[\w-]+$/], autosave: [] } },
  // Submitting would hand in a sealed bid on a demo RFP other specs read; its parsing is the save's.
  { role: "vendor", page: "/opportunities/:demo/bid", intents: { save: [/^[\w.[\]-]+$/], autosave: [], withdraw: [], confirm: [], "copy:0:1": [], "add-sla:0": [], "add-clause:0": [] }, notPosted: /^(submit|copy:\d:\d|add-(sla|clause):\d)$/ },
  { role: "vendor", page: "/opportunities/:demo", intents: { ask: ["question"], declare: ["intendsToBid"], acknowledge: ["addendumId"] } },
  { role: "admin", page: "/admin/users", intents: { "": ["name", "email", "password", "role", "organisationId"] } },
  { role: "buyer", page: "/rfps/:own", intents: { "": ["expectedVersion"] } },
  // Last: these end the fresh RFP's draft life.
  { role: "buyer", page: "/rfps/:own/addenda", intents: { extend: [...VERSIONED, "timeZone", "bidsCloseAt"], cancel: ["reason"] } },
];

/** Forms without a session. Wrong passwords are skipped: they would count as failed sign-ins. */
const PUBLIC_FORMS: FormSpec[] = [
  { role: "buyer", page: "/sign-in", intents: { "": ["email", "password", "redirectTo"] }, skip: { password: ["inf", "negative", "huge"] } },
  { role: "buyer", page: "/register", intents: { "": ["organisationName", "name", "email", "password", "confirmPassword", "redirectTo"] } },
];

/** Loaders and the query parameters they read. */
const QUERIES: { role: Role | null; path: string; params: string[] }[] = [
  { role: null, path: "/sign-in", params: ["redirectTo"] },
  { role: null, path: "/register", params: ["redirectTo"] },
  { role: "admin", path: "/admin/audit", params: ["before"] },
  { role: "admin", path: "/mailbox", params: ["to"] },
  { role: "buyer", path: "/rfps/:demo/questions", params: ["answered"] },
  { role: "buyer", path: "/rfps/:own/basics", params: ["edit", "saved"] },
  { role: "buyer", path: "/rfps/:demo/opening", params: ["done"] },
  { role: "buyer", path: "/rfps/:demo/consensus", params: ["done"] },
  { role: "buyer", path: "/rfps/:demo/award", params: ["done"] },
  { role: "buyer", path: "/rfps/:demo/bafo", params: ["done"] },
  { role: "buyer", path: "/rfps/:demo/concessions", params: ["saved"] },
  { role: "buyer", path: "/rfps/:own/panel", params: ["saved"] },
  { role: "buyer", path: "/rfps/:demo/evaluation", params: ["snapshot", "vendor", "gates", "best", "sort", "dir", "page", "gpage", "cols"] },
  { role: "buyer", path: "/rfps/:demo/evaluation/:uuid/:uuid", params: ["snapshot", "horizon", "fee"] },
  { role: "evaluator", path: "/rfps/:demo/scoring", params: ["declared", "done", "scores"] },
  { role: "evaluator", path: "/rfps/:demo/scoring/:uuid", params: ["saved"] },
  { role: "vendor", path: "/opportunities/:demo", params: ["done"] },
  { role: "vendor", path: "/opportunities/:demo/bid", params: ["done", "values"] },
];

/** Path parameters: hostile segments in every kind of id. */
const PATHS: { role: Role; path: string }[] = [
  { role: "buyer", path: "/rfps/:x" },
  { role: "buyer", path: "/rfps/:x/basics" },
  { role: "buyer", path: "/rfps/:demo/snapshots/:x/input.json" },
  { role: "buyer", path: "/rfps/:demo/evaluation/:x/:x" },
  { role: "evaluator", path: "/rfps/:demo/scoring/:x" },
  { role: "vendor", path: "/opportunities/:x" },
  { role: "vendor", path: "/opportunities/:demo/bid/receipt/:x" },
  { role: "vendor", path: "/invitations/:x" },
];

// ── Helpers ──────────────────────────────────────────────────────────────────────────

/** Form encoding that can carry what a hostile client sends: a lone surrogate as its raw (invalid) UTF-8 bytes. */
function encode(value: string): string {
  return value
    .split(SURROGATE)
    .map((part) => encodeURIComponent(part))
    .join("%ED%A0%80");
}
function urlencoded(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
}

interface ScrapedForm {
  action: string | null;
  fields: [string, string][];
  intents: string[];
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1]!.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : null;
}

/** The page's POST forms: their fields with the values the page gave them, and their submit intents. */
function scrapeForms(html: string): ScrapedForm[] {
  const forms: ScrapedForm[] = [];
  for (const m of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)) {
    if ((attr(m[1]!, "method") ?? "get").toLowerCase() !== "post") continue;
    const fields: [string, string][] = [];
    const intents: string[] = [];
    for (const el of m[2]!.matchAll(/<(input|textarea|select|button)\b([^>]*)>([\s\S]*?<\/\1>)?/gi)) {
      const tag = el[0]!;
      const name = attr(tag, "name");
      if (!name) continue;
      const kind = el[1]!.toLowerCase();
      if (kind === "button" || (kind === "input" && /type="submit"/.test(tag))) {
        if (name === "intent") intents.push(attr(tag, "value") ?? "");
        else fields.push([name, attr(tag, "value") ?? ""]);
        continue;
      }
      if (name === "intent") {
        intents.push(attr(tag, "value") ?? "");
        continue;
      }
      if (kind === "textarea") fields.push([name, (el[3] ?? "").replace(/<\/textarea>$/i, "")]);
      else if (kind === "select") fields.push([name, attr(/<option\b[^>]*>/i.exec(el[3] ?? "")?.[0] ?? "", "value") ?? ""]);
      else if (/type="(checkbox|radio)"/.test(tag)) {
        if (/\schecked/.test(tag) || !fields.some(([n]) => n === name)) fields.push([name, attr(tag, "value") ?? "on"]);
      } else fields.push([name, attr(tag, "value") ?? ""]);
    }
    forms.push({ action: attr(m[1]!, "action"), fields, intents: intents.length ? intents : [""] });
  }
  return forms;
}

const matches = (patterns: FieldName[], name: string) => patterns.some((p) => (typeof p === "string" ? p === name : p.test(name)));

interface Failure {
  what: string;
  status: number;
}

async function check(failures: Failure[], what: string, response: Promise<APIResponse>) {
  let r: APIResponse;
  try {
    r = await response;
  } catch (error) {
    // A reset connection is the server closing a keep-alive connection after refusing an
    // oversized body on it (413 + Connection: close): a refusal, not a failure.
    if (error instanceof Error && /ECONNRESET|socket hang up/.test(error.message)) return;
    // No answer in time (see REQUEST_TIMEOUT) is as bad as a 5xx: the request held the server.
    failures.push({ what: `${what} (${error instanceof Error ? error.message.split("\n")[0] : "no answer"})`, status: 0 });
    return;
  }
  if (r.status() >= 500) failures.push({ what, status: r.status() });
  else if (r.status() === 400) {
    // A refusal says why, in words (a page, JSON with messages, or text).
    const body = await r.text();
    if (body.trim().length === 0) failures.push({ what: `${what} (400 without a message)`, status: 400 });
  }
  await r.dispose();
}

/** Runs the checks a few at a time: enough to be quick, not enough to be a load test. */
async function inBatches(jobs: (() => Promise<void>)[], size = 6) {
  for (let i = 0; i < jobs.length; i += size) await Promise.all(jobs.slice(i, i + size).map((job) => job()));
}

async function signedIn(baseURL: string, role: Role): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL }, timeout: REQUEST_TIMEOUT });
  const response = await context.post("/sign-in", { form: { email: EMAIL[role], password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(response.status(), `sign-in of ${role}`).toBe(302);
  return context;
}

// ── The tests ────────────────────────────────────────────────────────────────────────

test("every form, query parameter and path id answers hostile input without a 5xx", async ({ baseURL }) => {
  const started = Date.now();
  const roles = {} as Record<Role, APIRequestContext>;
  for (const role of ["buyer", "evaluator", "admin", "vendor"] as Role[]) roles[role] = await signedIn(baseURL!, role);
  const anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! }, timeout: REQUEST_TIMEOUT });

  // The buyer's own draft RFP (edited freely), and the published RFP vendor5 is invited to.
  const created = await roles.buyer.post("/rfps", { form: { intent: "create", template: "field-services", title: "Hostile input target" }, maxRedirects: 0 });
  expect(created.status()).toBe(302);
  const own = /\/rfps\/([0-9a-f-]{36})/.exec(created.headers().location ?? "")![1]!;
  const demo = /\/opportunities\/([0-9a-f-]{36})/.exec(await (await roles.vendor.get("/opportunities")).text())![1]!;
  const uuid = "00000000-0000-4000-8000-000000000000";
  const fill = (path: string) => path.replace(/:own/g, own).replace(/:demo/g, demo).replace(/:uuid/g, uuid);

  const failures: Failure[] = [];
  const unlisted: string[] = [];
  let requests = 0;

  const postForm = async (ctx: APIRequestContext, spec: FormSpec) => {
    const page = fill(spec.page);
    const html = await (await ctx.get(page)).text();
    const scraped = scrapeForms(html).filter((f) => !f.action || f.action === page || f.action.startsWith(`${page}?`));
    const declared = Object.values(spec.intents).flat();
    for (const form of scraped) {
      for (const intent of form.intents) if (!(intent in spec.intents) && !spec.notPosted?.test(intent)) unlisted.push(`${spec.page}: intent "${intent}"`);
      for (const [name] of form.fields) if (!matches(declared, name)) unlisted.push(`${spec.page}: field "${name}"`);
    }
    const jobs: (() => Promise<void>)[] = [];
    // Where the form posts (an index route's form says "?index").
    const target_ = (form: ScrapedForm | undefined) => form?.action ?? scraped[0]?.action ?? page;
    for (const [intent, names] of Object.entries(spec.intents)) {
      const form = scraped.find((f) => f.intents.includes(intent));
      // The page's own values where it shows the form; "1" for a declared field it does not show.
      const baseline: [string, string][] = [...(form?.fields ?? [])];
      for (const n of names) if (typeof n === "string" && !baseline.some(([k]) => k === n)) baseline.push([n, "1"]);
      const withIntent = (fields: [string, string][]) => (intent ? [["intent", intent] as [string, string], ...fields] : fields);
      // A grid (the bid page) has hundreds of cells of a few kinds: an even sample of them.
      const all = [...new Set(baseline.map(([k]) => k))];
      const step = Math.max(1, Math.ceil(all.length / MAX_TARGETS));
      const targets = [...all.filter((_, i) => i % step === 0), ...(intent ? ["intent"] : [])];
      // Each field gets NUL and, in turn, one of the other hostile values (every value reaches
      // every form); the multipart variant once per form. Keeps the run within about a minute.
      const others = Object.keys(HOSTILE).filter((k) => k !== "nul");
      targets.forEach((target, index) => {
        const chosen = ["nul", others[(index + intent.length) % others.length]!];
        for (const [label, value] of Object.entries(HOSTILE)) {
          if (!chosen.includes(label) || spec.skip?.[target]?.includes(label)) continue;
          const fields = withIntent(baseline).map(([k, v]): [string, string] => [k, k === target ? value : v]);
          jobs.push(() => {
            requests++;
            return check(failures, `POST ${spec.page} [${intent}] ${target}=${label}`, ctx.post(target_(form), { data: urlencoded(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" }, maxRedirects: 0 }));
          });
        }
        if (index > 0) return;
        // The same hostile text inside a multipart post.
        jobs.push(() => {
          requests++;
          const multipart = Object.fromEntries(withIntent(baseline).map(([k, v]) => [k, k === target ? HOSTILE.nul! : v]));
          return check(failures, `POST ${spec.page} [${intent}] ${target}=nul (multipart)`, ctx.post(target_(form), { multipart, maxRedirects: 0 }));
        });
      });
    }
    // Wrong content types, once per form.
    const bodies: [string, string, string][] = [
      ["JSON", "application/json", JSON.stringify({ intent: Object.keys(spec.intents)[0], title: "x" })],
      ["malformed multipart", "multipart/form-data; boundary=----x", "------x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"],
      ["multipart without boundary", "multipart/form-data", "a=b"],
      ["text/plain", "text/plain", "intent=save\nhello"],
      ["no content type", "", ""],
    ];
    for (const [label, type, body] of bodies) {
      jobs.push(() => {
        requests++;
        return check(failures, `POST ${spec.page} as ${label}`, ctx.post(target_(undefined), { data: body, headers: type ? { "Content-Type": type } : {}, maxRedirects: 0 }));
      });
    }
    const t0 = Date.now();
    await inBatches(jobs);
    console.log(`bad-input: ${spec.page}: ${jobs.length} posts in ${Date.now() - t0} ms`);
  };

  for (const spec of PUBLIC_FORMS) await postForm(anonymous, spec);
  for (const spec of FORMS) await postForm(roles[spec.role], spec);

  // The two upload routes, with broken bodies and hostile file names.
  for (const [role, path, field] of [["vendor", `/opportunities/${demo}/bid/upload`, "workbook"], ["evaluator", `/rfps/${demo}/scoring/upload`, "sheet"]] as const) {
    const ctx = roles[role];
    const posts: [string, Promise<APIResponse>][] = [
      ["JSON", ctx.post(path, { data: "{}", headers: { "Content-Type": "application/json" }, maxRedirects: 0 })],
      ["malformed multipart", ctx.post(path, { data: "------x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", headers: { "Content-Type": "multipart/form-data; boundary=----x" }, maxRedirects: 0 })],
      ["text/plain", ctx.post(path, { data: "hello", headers: { "Content-Type": "text/plain" }, maxRedirects: 0 })],
      ["not a workbook", ctx.post(path, { multipart: { [field]: { name: `a${HOSTILE.nul}.xlsx`, mimeType: "application/octet-stream", buffer: Buffer.from("not a zip") } }, maxRedirects: 0 })],
      ["hostile text part", ctx.post(path, { multipart: { [field]: HOSTILE.mega! }, maxRedirects: 0 })],
    ];
    for (const [label, response] of posts) {
      requests++;
      await check(failures, `POST ${path} as ${label}`, response);
    }
  }

  // Query parameters.
  const gets: (() => Promise<void>)[] = [];
  for (const q of QUERIES) {
    const ctx = q.role ? roles[q.role] : anonymous;
    for (const param of q.params) {
      for (const [label, value] of Object.entries({ ...HOSTILE, ...BUILT_IN_KEYS, mega: "x".repeat(6_000), crlf: "/a\r\nX-Injected: 1", tab: "/\t/evil.example" })) {
        gets.push(() => {
          requests++;
          return check(failures, `GET ${q.path}?${param}=${label}`, ctx.get(`${fill(q.path)}?${param}=${encode(value)}`, { maxRedirects: 0 }));
        });
      }
    }
  }
  // Path ids.
  for (const p of PATHS) {
    for (const [label, value] of Object.entries({ ...HOSTILE, ...BUILT_IN_KEYS, mega: "x".repeat(6_000) })) {
      gets.push(() => {
        requests++;
        return check(failures, `GET ${p.path} with ${label}`, roles[p.role].get(fill(p.path).replace(/:x/g, encode(value)), { maxRedirects: 0 }));
      });
    }
  }
  await inBatches(gets);

  const health = await anonymous.get("/healthz");
  expect(health.status(), "the server is still up").toBe(200);
  console.log(`bad-input: ${requests} hostile requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(unlisted, "forms on the pages that the list in this test does not name").toEqual([]);
  expect(failures, "answers with a 5xx status (or a 400 without words)").toEqual([]);
});

test("the known 500s answer 400 with a message", async ({ baseURL }) => {
  const admin = await signedIn(baseURL!, "admin");
  const anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });

  const json = await anonymous.post("/sign-in", { data: JSON.stringify({ email: "buyer@demo.pareto", password: DEMO_PASSWORD }), headers: { "Content-Type": "application/json" } });
  expect(json.status()).toBe(400);
  expect(await json.text()).toContain("This form could not be read");

  const audit = await admin.get("/admin/audit?before=99999999999999999999");
  expect(audit.status()).toBe(400);
  expect(await audit.text()).toContain("whole number");

  const newline = await admin.get("/sign-in?redirectTo=%2Fa%0AX-Injected%3A%201", { maxRedirects: 0 });
  expect(newline.status()).toBe(302);
  expect(newline.headers().location).toBe("/dashboard");
  expect(newline.headers()["x-injected"]).toBeUndefined();

  const escape = await admin.get("/rfps/x%ED%A0%80y/basics");
  expect(escape.status()).toBe(400);
  expect(await escape.text()).toContain("malformed escape");
});

test("control characters in a form lose nothing typed: a form feed is a line break, NUL and escape are removed", async ({ baseURL, page }) => {
  // The fuzz case: only NUL and escape as the organisation's name. The form comes back with
  // its own message, and what else was typed is still in it (the passwords are never sent back).
  const anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  const email = `control-${Date.now()}@example.org`;
  const fields: [string, string][] = [["organisationName", "\u0000\u001b"], ["name", "Nadia Ctrl"], ["email", email], ["password", "long-enough-pw"], ["confirmPassword", "long-enough-pw"]];
  const register = await anonymous.post("/register", { data: fields.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&"), headers: { "Content-Type": "application/x-www-form-urlencoded" }, maxRedirects: 0 });
  expect(register.status()).toBe(400);
  const html = await register.text();
  expect(html).toContain("Register your organisation as a vendor");
  expect(html).toContain("Enter the organisation");
  expect(html).toContain('value="Nadia Ctrl"');
  expect(html).toContain(`value="${email}"`);
  expect(html).not.toContain("could not be understood");
  // NUL inside a name is removed, the rest of the name kept: the vendor is registered.
  const nul = await anonymous.post("/register", { data: urlencoded([["organisationName", "Nul\u0000 Ltd"], ["name", "N"], ["email", `nul-${email}`], ["password", "long-enough-pw"], ["confirmPassword", "long-enough-pw"]]), headers: { "Content-Type": "application/x-www-form-urlencoded" }, maxRedirects: 0 });
  expect(nul.status()).toBe(302);

  // A question pasted from a PDF, with a form feed at its page break, is sent and shown: vendor2
  // on RIV-2026-024, whose questions are open (vendor-rfps.spec reads only its published answers).
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("vendor2@demo.pareto");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/opportunities");
  await page.getByRole("row", { name: /RIV-2026-024/ }).getByRole("link").first().click();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  const question = `Does clause 4.2 (page ${Date.now()}) apply to\fsubcontractors as well?`;
  await page.getByLabel("Your question").fill(question);
  await page.getByRole("button", { name: "Send question" }).click();
  await expect(page.getByRole("status")).toContainText("Your question was sent to the buyer.");
  await expect(page.locator(".qa__q").filter({ hasText: question.replace("\f", " ") })).toBeVisible();
  await expect(page.getByLabel("Your question")).toHaveValue("");
});

test("sign-in redirects only to paths of this site", async ({ baseURL }) => {
  const signedInAdmin = await signedIn(baseURL!, "admin");
  const bypasses = ["/\t/127.0.0.2:3499/phish", "//evil.example", "/\\evil.example", "///evil.example", "/%2F%2Fevil.example", "javascript:alert(1)", "http://evil.example", "/\n/evil.example"];
  for (const to of bypasses) {
    // A signed-in visit to the sign-in page redirects at once …
    const visit = await signedInAdmin.get(`/sign-in?redirectTo=${encodeURIComponent(to)}`, { maxRedirects: 0 });
    expect(visit.status(), to).toBe(302);
    expect(visit.headers().location, to).toBe("/dashboard");
  }
  // … and so does signing in with the form.
  const anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
  const posted = await anonymous.post("/sign-in", { form: { email: "admin@demo.pareto", password: DEMO_PASSWORD, redirectTo: "/\t/127.0.0.2:3499/phish" }, maxRedirects: 0 });
  expect(posted.status()).toBe(302);
  expect(posted.headers().location).toBe("/dashboard");
  // A path of this site is kept.
  const kept = await signedInAdmin.get(`/sign-in?redirectTo=${encodeURIComponent("/admin/audit?before=5")}`, { maxRedirects: 0 });
  expect(kept.headers().location).toBe("/admin/audit?before=5");
});
