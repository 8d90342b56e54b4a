/**
 * A round as JSON text (a file, an upload) → a validated round or problems by path. Pure.
 *
 * - A UTF-8 byte-order mark is accepted: Excel and Windows editors write one.
 * - JSON.parse reads a number too large for a double (1e999) as Infinity without a word; the
 *   text is then scanned for it, and the problem names the value as written and its path.
 * - Everything else is `parseRoundInput`'s (strict: unknown keys are problems too).
 */
import { formatPath, parseRoundInput, type InputProblem, type RoundInput } from "./schema";

export type JsonParseResult =
  | { ok: true; data: RoundInput }
  | { ok: false; problems: InputProblem[]; /** The text is not JSON at all. */ syntaxError: boolean };

const BOM = "\uFEFF";

export function parseRoundJson(text: string): JsonParseResult {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    return { ok: false, syntaxError: true, problems: [{ path: "(root)", message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const outOfRange = hasNonFinite(data) ? nonFiniteLiterals(body) : [];
  const parsed = parseRoundInput(data);
  if (parsed.ok && outOfRange.length === 0) return parsed;
  const named = new Set(outOfRange.map((p) => p.path));
  const rest = parsed.ok ? [] : parsed.problems.filter((p) => !named.has(p.path));
  return { ok: false, syntaxError: false, problems: [...outOfRange, ...rest] };
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasNonFinite);
  return false;
}

const NUMBER_OR_WORD = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Number literals of (already valid) JSON text that overflow to ±Infinity, with their paths.
 * A small recursive scan rather than a reviver: a reviver sees neither the path nor the text.
 */
function nonFiniteLiterals(text: string): InputProblem[] {
  const out: InputProblem[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const str = (): string => {
    let j = i + 1;
    while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
    const s = JSON.parse(text.slice(i, j + 1)) as string;
    i = j + 1;
    return s;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      const close = ch === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        ws();
        if (ch === "{") {
          path.push(str());
          ws();
          i++; // ':'
        } else path.push(k);
        value();
        path.pop();
        ws();
        if (text[i++] !== ",") return; // the closing bracket
      }
    }
    if (ch === '"') {
      str();
      return;
    }
    NUMBER_OR_WORD.lastIndex = i;
    const token = NUMBER_OR_WORD.exec(text)?.[0] ?? "";
    i += Math.max(1, token.length);
    if (/^-?\d/.test(token) && !Number.isFinite(Number(token)))
      out.push({ path: formatPath(path), message: `${token} is too large to be a number (the largest is about 1.8e308); JSON reads it as ${Number(token)}` });
  };
  value();
  return out;
}
