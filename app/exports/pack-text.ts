// Text from bidders and buyers as the award pack's files print it: characters a file format
// cannot hold (XML 1.0 control characters, lone surrogates) become U+FFFD, so a hostile name
// can neither corrupt the .xlsx XML nor the PDF's text, and nothing is ever evaluated.
import { formatMoney } from "../domain/evaluation/format";

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function fileText(text: string | null | undefined): string {
  if (text === null || text === undefined) return "";
  return String(text).replace(UNPRINTABLE, "\uFFFD");
}

/** Minor units → the pack's money text ("EUR 12,345.67"). */
export function packMoney(minor: number | null, currency: string, minorUnitsPerMajor: number): string {
  return minor === null ? "—" : formatMoney(minor, currency, minorUnitsPerMajor);
}

/** A file-name part from an RFP reference: letters, digits, dot, dash and underscore only. */
export function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "rfp";
}
