// A refused upload says what to do: fix the file when the problem is in it, and only try again
// when the server refused it (busy, or it could not read the file: decision 017, "Worker threads").
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WORKER_FAILED } from "../exports/workers.server";
import { WorkbookProblems } from "./workbook-problems";

const text = (serverSide: boolean, message: string) =>
  renderToStaticMarkup(createElement(WorkbookProblems, { problems: [{ sheet: "", cell: "", message }], what: "file", kept: "your draft is as it was", serverSide, id: "p" })).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

describe("WorkbookProblems", () => {
  it("asks for a fixed file when the problem is the file's", () => {
    expect(text(false, "Bundles!C7: Monthly fee must be an amount")).toBe("The file was not imported Nothing was saved: your draft is as it was. Fix this in the file and upload it again. Bundles!C7: Monthly fee must be an amount");
  });
  it("does not blame the file when the server could not read it", () => {
    expect(text(true, WORKER_FAILED)).toBe("The file was not imported Nothing was saved: your draft is as it was. The server could not read the file: a fault on our side, not in your file. Try again later.");
  });
});
