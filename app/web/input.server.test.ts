import { describe, expect, it } from "vitest";
import { readFormData } from "./input.server";

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request("http://localhost/opportunities/x", { method: "POST", body, headers });
}

describe("readFormData", () => {
  it("keeps a question with a form feed, as a line break, and every other field as typed", async () => {
    const body = new URLSearchParams([["intent", "ask"], ["question", "Is clause 4.2\fon page 3 binding?\r\nThanks"]]);
    const form = await readFormData(post(body));
    expect(form.get("intent")).toBe("ask");
    expect(form.get("question")).toBe("Is clause 4.2\non page 3 binding?\r\nThanks");
  });

  it("removes NUL and escape from a field instead of refusing the form", async () => {
    const form = await readFormData(post("organisationName=%00%1b&name=Nadia&email=nadia%40example.org&organisation%00Name=x", { "Content-Type": "application/x-www-form-urlencoded" }));
    expect(form.get("organisationName")).toBe("");
    expect(form.get("name")).toBe("Nadia");
    expect(form.get("email")).toBe("nadia@example.org");
    // A field name is normalised too: no NUL reaches a route by any way.
    expect([...form.keys()]).toEqual(["organisationName", "name", "email", "organisationName"]);
  });

  it("normalises multipart texts and file names, keeping the file", async () => {
    const multipart = new FormData();
    multipart.append("note", "a\u000bb\u0000");
    multipart.append("sheet", new File(["bytes"], "scores\u0000.xlsx", { type: "application/octet-stream" }));
    const form = await readFormData(post(multipart));
    expect(form.get("note")).toBe("a\nb");
    const file = form.get("sheet") as File;
    expect(file.name).toBe("scores.xlsx");
    expect(await file.text()).toBe("bytes");
  });

  it("still refuses, with words, a body that is not a form", async () => {
    const refusal = await readFormData(post("{}", { "Content-Type": "application/json" })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(400);
    expect(await (refusal as Response).text()).toContain("This form could not be read");
  });
});
