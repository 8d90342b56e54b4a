// The HTTP server: serves the Remix build, refuses cross-origin form posts, answers 503
// while the database is unreachable, and closes the database on SIGTERM/SIGINT.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

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

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

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
app.use(compression());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(refuseCrossOrigin);
app.use(answerOutage);
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ clientIp: req.socket.remoteAddress ?? "unknown" }) }));

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
