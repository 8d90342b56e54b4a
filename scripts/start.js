// `npm start`: builds the app when the build is missing or older than the sources, then
// runs the server (migrations and, on a new embedded database, the demo data included).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WORKERS } from "./build.js";

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

// The build's files: build/index.js and the worker scripts beside it (scripts/build.js).
const built = [path.join(root, "build", "index.js"), ...WORKERS.map((name) => path.join(root, "build", name))];
// A deploy of the build alone (no app/, db/, migrations/: README, production) has nothing to
// rebuild from: it is served as it is.
const sourceDirs = ["app", "db", "migrations"].map((d) => path.join(root, d));
if (sourceDirs.every((d) => existsSync(d))) {
  const sources = Math.max(...sourceDirs.map(newestMtime), statSync(path.join(root, "remix.config.js")).mtimeMs);
  const stale = built.some((file) => !existsSync(file) || statSync(file).mtimeMs < sources);
  if (stale) {
    console.log("Building Pareto…");
    const result = spawnSync(process.execPath, [path.join(root, "scripts", "build.js")], { stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
process.env.NODE_ENV ??= "production";
await import("../server.js");
