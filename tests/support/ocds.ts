// The OCDS 1.1.5 release-package validator (ajv, draft-04): the release schema patched with the
// bids extension by JSON Merge Patch (RFC 7386), as OCDS applies extensions.
import Ajv from "ajv-draft-04";
import { readFileSync } from "node:fs";

const reference = (p: string) => JSON.parse(readFileSync(new URL(`../fixtures/ocds-reference/${p}`, import.meta.url), "utf8")) as Record<string, unknown>;

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === "object" && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function ocdsPackageValidator() {
  const release = mergePatch(reference("ocds-1.1.5/release-schema.json"), reference("ocds-bid-extension/release-schema.json"));
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(release as object);
  return ajv.compile(reference("ocds-1.1.5/release-package-schema.json"));
}
