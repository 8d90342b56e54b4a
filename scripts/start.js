// `npm start`: builds the app when the build is missing or older than the sources, then
// runs the server (migrations and, on a new embedded database, the demo data included).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const buildFile = path.join(root, "build", "index.js");
const sources = ["app", "db", "migrations"].map((d) => newestMtime(path.join(root, d)));
const stale = !existsSync(buildFile) || statSync(buildFile).mtimeMs < Math.max(...sources, statSync(path.join(root, "remix.config.js")).mtimeMs);
if (stale) {
  console.log("Building Pareto…");
  // The classic compiler loads Vite's CommonJS entry, which prints a deprecation notice that
  // concerns Vite's own users, not this build.
  const env = { ...process.env, VITE_CJS_IGNORE_WARNING: "true" };
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
process.env.NODE_ENV ??= "production";
await import("../server.js");
