// The HTTP server: serves the Remix build, sends the security headers (a per-request CSP
// nonce for Remix's inline scripts), refuses methods other than GET, HEAD and POST (405) and
// cross-origin form posts, answers 503 while the database is unreachable, logs one line per
// refused (4xx) request, and closes the database on SIGTERM/SIGINT.
import { randomFillSync } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";

process.env.NODE_ENV ??= "production";
const build = await import("./build/index.js");
const hooks = build.entry.module;

let runtime;
try {
  runtime = await hooks.startup();
} catch (error) {
  if (error instanceof hooks.ConfigError || error instanceof hooks.StartupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

/**
 * A fresh nonce per request: only the inline scripts Remix renders with it may run. Its 16 bytes
 * come from the system's random source as before, drawn 256 nonces at a time (as Node's
 * randomUUID does): randomBytes(16) on every request cost about as much as the whole
 * security-header middleware (profile: 1.8 % of the server's CPU). Every byte is used once.
 */
const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let noncePoolOffset = noncePool.length;
function createNonce(_req, res, next) {
  if (noncePoolOffset === noncePool.length) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  res.locals.cspNonce = noncePool.toString("base64", noncePoolOffset, (noncePoolOffset += NONCE_BYTES));
  next();
}

/**
 * Security headers (helmet). HSTS and upgrade-insecure-requests only where the portal is
 * served over TLS (Secure cookies: production on a server, or COOKIE_SECURE=true), so the
 * embedded demo on http://localhost keeps working.
 */
function securityHeaders(config) {
  const tls = config.cookieSecure;
  const policy = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        frameSrc: ["'none'"],
        imgSrc: ["'self'", "data:"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        scriptSrcAttr: ["'none'"],
        // React renders style="…" attributes; no style can run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'"],
        ...(tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Same-origin only: invitation links and RFP addresses never leak to other sites, and
    // form posts keep their Origin header (no-referrer would send "Origin: null").
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: "deny" },
  });
  return (req, res, next) => {
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
    policy(req, res, next);
  };
}

/**
 * Nothing the app renders may be stored by a browser or a shared cache: every dynamic
 * response without its own Cache-Control gets no-store, and a signed-in request gets
 * no-store even if a route asked for caching. Static files (/build, public/) keep theirs.
 */
function noStore(req, res, next) {
  const signedIn = /(?:^|;\s*)pareto_session=/.test(req.get("cookie") ?? "");
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    const current = res.getHeader("Cache-Control");
    if (!current || (signedIn && !/\bno-store\b/.test(String(current)))) res.setHeader("Cache-Control", signedIn ? "private, no-store" : "no-store");
    return writeHead.apply(this, args);
  };
  next();
}

/** One line per refused request (4xx): status, method, path without its query, a short reason; no stack trace. */
function logRefusals(req, res, next) {
  res.on("finish", () => {
    const status = res.statusCode;
    if (status < 400 || status >= 500) return;
    const path = (req.originalUrl.split("?")[0] ?? "/").replace(/[^\x21-\x7e]/g, "?").slice(0, 200);
    const reason = String(res.locals.refusal || res.statusMessage || STATUS_CODES[status] || "refused")
      .replace(/[^\x20-\x7e]+/g, " ")
      .slice(0, 160);
    console.warn(`refused ${status} ${req.method} ${path}: ${reason}`);
  });
  next();
}

/**
 * The files of public/ (favicon, …), listed once at start: express.static alone would look every
 * page's path up on disk (a stat per request) before the app answers it. Its folders other than
 * build/ (served above) are served by prefix.
 */
function publicFiles(root, options) {
  const entries = existsSync(root) ? readdirSync(root, { withFileTypes: true }) : [];
  const files = new Set(entries.filter((e) => e.isFile()).map((e) => `/${e.name}`));
  const folders = entries.filter((e) => e.isDirectory() && e.name !== "build").map((e) => `/${e.name}/`);
  const serve = express.static(root, options);
  return (req, res, next) => (files.has(req.path) || folders.some((f) => req.path.startsWith(f)) ? serve(req, res, next) : next());
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Every page and download of the portal is read with GET (or HEAD) and every form posts with
 * POST; nothing takes another method. Remix answered OPTIONS on a page with 405 but ran a
 * download's loader for it (the whole award report PDF, 200, audited as a download), ran a
 * page's action for PUT or DELETE, and let TRACE end in a 500. Any other method now answers
 * 405 with an Allow header and words, on every path, before the app sees the request.
 */
const ALLOWED_METHODS = ["GET", "HEAD", "POST"];
function refuseOtherMethods(req, res, next) {
  if (ALLOWED_METHODS.includes(req.method)) return next();
  res.locals.refusal = `method ${req.method} not allowed`;
  res.set("Allow", ALLOWED_METHODS.join(", "));
  res.status(405).type("text/plain").send(`Refused: Pareto's pages and downloads answer only ${ALLOWED_METHODS.join(", ")}, not ${req.method}.`);
}

/**
 * The body of one request has a ceiling (issue #10, item 2): Remix reads a whole form into
 * memory, so a 7 MB post of 200,000 grid rows is refused here, before a byte is read.
 * Uploads (multipart) may carry a 2 MB workbook; other posts are forms of text. A body
 * without a length (chunked) is held back as it streams and handed on only once it has all
 * arrived within the ceiling; past it, it is refused with the same answer.
 */
const BODY_LIMITS = { multipart: 3 * 1024 * 1024, other: 2 * 1024 * 1024 };
/**
 * After a refusal the rest of the body is read and discarded (never parsed or kept) up to this
 * much, or for this long, so the client, still sending it, gets to read the 413 and its words;
 * then the connection is cut.
 */
const DISCARD_LIMIT = 64 * 1024 * 1024;
const LINGER_MS = 30_000;

/**
 * Answers 413 and closes the connection the way nginx's lingering close does: "Connection:
 * close", the answer, our half of the connection shut, then whatever the client still sends
 * is read and dropped until it stops (or a limit is reached). Node's own close after a
 * "Connection: close" answer destroys the socket at once, and closing with unread bytes
 * makes the kernel send a reset, which can throw away the answer before the client reads it.
 */
function refuseTooLarge(req, res, limit) {
  res.locals.refusal = "request body too large";
  const socket = req.socket;
  let discarded = 0;
  req.on("data", (chunk) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) socket.destroy();
  });
  socket.destroySoon = function lingeringClose() {
    if (socket.writable) socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  res.set("Connection", "close");
  res.status(413).type("text/plain").send(`Refused: this form is larger than ${limit / 1024 / 1024} MB. No bid or RFP needs that much; remove rows or pictures and send it again.`);
}

function limitBody(req, res, next) {
  if (!UNSAFE_METHODS.has(req.method)) return next();
  const limit = /^multipart\//i.test(req.get("content-type") ?? "") ? BODY_LIMITS.multipart : BODY_LIMITS.other;
  const declared = Number(req.get("content-length") ?? NaN);
  if (Number.isFinite(declared)) return declared > limit ? refuseTooLarge(req, res, limit) : next();
  if (!req.get("transfer-encoding")) return next();
  // Once the app reads a body, cutting it off can only fail the request (the app answers with
  // an error or the connection is reset): so the app sees the body only when all of it has
  // arrived within the ceiling. Holding it costs no more memory than the form Remix reads.
  const held = [];
  let seen = 0;
  const push = req.push;
  req.push = function (chunk, ...rest) {
    if (chunk === null) {
      req.push = push;
      for (const [c, ...args] of held) push.call(this, c, ...args);
      const more = push.call(this, null);
      process.nextTick(next);
      return more;
    }
    seen += chunk.length;
    if (seen > limit) {
      // The rest of the body flows to the refusal's discarding reader.
      req.push = push;
      held.length = 0;
      refuseTooLarge(req, res, limit);
      return true;
    }
    held.push([chunk, ...rest]);
    return true;
  };
}

/** Forms may only be posted from the portal's own pages (CSRF). */
function refuseCrossOrigin(req, res, next) {
  if (!UNSAFE_METHODS.has(req.method)) return next();
  const origin = req.get("origin");
  const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
  let crossOrigin = false;
  if (origin && origin !== "null") {
    try {
      crossOrigin = new URL(origin).host !== host;
    } catch {
      crossOrigin = true;
    }
  } else if (origin === "null" || req.get("sec-fetch-site") === "cross-site") {
    crossOrigin = true;
  }
  if (!crossOrigin) return next();
  res.status(403).type("text/plain").send("Refused: this form was posted from another site. Open Pareto directly and submit it there.");
}

const OUTAGE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pareto is temporarily unavailable</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#17212b}</style></head>
<body><main><h1>Pareto is temporarily unavailable</h1><p>We cannot reach the database right now. Your saved work is safe; this page will work again as soon as the database is back. Please try again in a minute.</p></main></body></html>`;

/** While the database is known to be down, answer 503 at once instead of failing deep inside a page. */
async function answerOutage(req, res, next) {
  if (req.path === "/healthz" || req.path.startsWith("/build/")) return next();
  try {
    if (!(await hooks.databaseIsDown())) return next();
  } catch (error) {
    return next(error);
  }
  res.set("Retry-After", "30");
  if (req.path.startsWith("/api/")) return res.status(503).json({ error: { code: "unavailable", message: "The database is unavailable; try again shortly." } });
  res.status(503).type("html").send(OUTAGE_PAGE);
}

const app = express();
app.disable("x-powered-by");
// Behind TRUST_PROXY proxies, req.ip is the client's address from X-Forwarded-For; with 0
// (the default) it is the TCP peer and X-Forwarded-For is ignored.
app.set("trust proxy", runtime.config.trustProxy);
app.use(logRefusals);
app.use(createNonce);
app.use(securityHeaders(runtime.config));
// Browsers ask for brotli first. Its default 4 MB window (lgwin 22) made every response set
// up a 4 MB encoder, which cost more server time than rendering the landing page; no page
// is near 256 KB, so a 256 KB window (lgwin 18) compresses them as well, at a quarter of the cost.
// Quality 3, not 4: on the bid grid and the ranking it compresses 3-5 % less (still smaller
// than gzip's default) in a third to a half of the time (decision 014, seventh pass). Pages
// and data requests come already compressed, in one call, with the same settings
// (app/render-document.server.ts); this compresses the rest (exports, static files, the
// server's own answers).
app.use(compression({ brotli: { params: hooks.BROTLI_PARAMS } }));
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(publicFiles("public", { maxAge: "1h" }));
app.use(noStore);
app.use(refuseOtherMethods);
app.use(refuseCrossOrigin);
app.use(limitBody);
app.use(answerOutage);
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce,
      refuse: (reason) => {
        res.locals.refusal = reason;
      },
    }),
  }),
);

/**
 * A path with a malformed escape (`%ED%A0%80`) cannot be decoded by express's router: the client's
 * mistake, answered 400 with words and logged as one refusal line, not as a stack trace.
 */
app.use((error, req, res, next) => {
  if (!(error instanceof URIError) || res.headersSent) return next(error);
  res.locals.refusal = "malformed escape in the address";
  res.status(400).type("text/plain").send("Refused: this address contains a malformed escape (%) sequence.");
});

const port = runtime.config.port;
const server = app.listen(port, () => {
  const where = runtime.config.embedded ? `embedded database in ${runtime.config.dataDir}` : "PostgreSQL (DATABASE_URL)";
  console.log(`Pareto is running at http://localhost:${port} on the ${where}.`);
  if (runtime.config.embedded) {
    console.log("Demo accounts (password pareto-demo): buyer@demo.pareto, evaluator@demo.pareto, evaluator2@demo.pareto, admin@demo.pareto, vendor1@demo.pareto … vendor5@demo.pareto");
  }
});
server.on("error", (error) => {
  console.error(error.code === "EADDRINUSE" ? `Port ${port} is already in use: set PORT to a free port.` : `Cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections?.();
  await hooks.shutdown();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
