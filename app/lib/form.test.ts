import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formObject, parseForm } from "./form.ts";
import { LOCALES } from "./i18n.ts";

const fd = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

const Schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), title: z.string().trim().min(1).max(10) }),
  z.object({ intent: z.literal("move"), to: z.enum(["a", "b"]), n: z.coerce.number().int().max(5) }),
  z.object({ intent: z.literal("url"), url: z.string().url("political:errors.badUrl") }),
]);

describe("parseForm", () => {
  it("gives the parsed value, without _csrf", () => {
    expect(
      parseForm(
        fd([
          ["_csrf", "x"],
          ["intent", "rename"],
          ["title", " Hei "],
        ]),
        Schema,
      ),
    ).toEqual({
      ok: true,
      value: { intent: "rename", title: "Hei" },
    });
  });

  it("names each failing field with a translation key and a 400", () => {
    const r = parseForm(
      fd([
        ["intent", "rename"],
        ["title", "far too long a title"],
      ]),
      Schema,
    );
    expect(r).toEqual({
      ok: false,
      error: {
        code: "errors.invalidInput",
        status: 400,
        field: "title",
        details: [{ field: "title", code: "common:form.tooLong", params: { max: 10 } }],
      },
    });
    const missing = parseForm(
      fd([
        ["intent", "move"],
        ["n", "9"],
      ]),
      Schema,
    );
    expect(!missing.ok && missing.error.details).toEqual([
      { field: "to", code: "common:form.required" },
      { field: "n", code: "common:form.tooBig", params: { max: 5 } },
    ]);
    const wrongType = parseForm(
      fd([
        ["intent", "move"],
        ["to", "c"],
        ["n", "x"],
      ]),
      Schema,
    );
    expect(!wrongType.ok && wrongType.error.details).toEqual([
      { field: "to", code: "common:form.notAChoice" },
      { field: "n", code: "common:form.invalid" },
    ]);
    const empty = parseForm(
      fd([
        ["intent", "rename"],
        ["title", "  "],
      ]),
      Schema,
    );
    expect(!empty.ok && empty.error.details).toEqual([{ field: "title", code: "common:form.required" }]);
  });

  it("keeps a schema's own namespaced message, and refuses an unknown intent", () => {
    const bad = parseForm(
      fd([
        ["intent", "url"],
        ["url", "nope"],
      ]),
      Schema,
    );
    expect(!bad.ok && bad.error.details).toEqual([{ field: "url", code: "political:errors.badUrl" }]);
    const unknown = parseForm(fd([["intent", "drop"]]), Schema);
    expect(!unknown.ok && unknown.error).toMatchObject({ status: 400, field: "intent" });
    expect(!unknown.ok && unknown.error.details).toEqual([{ field: "intent", code: "common:form.notAChoice" }]);
  });

  it("reads a repeated field as a list", () => {
    expect(
      formObject(
        fd([
          ["x", "1"],
          ["x", "2"],
          ["y", "3"],
        ]),
      ),
    ).toEqual({ x: ["1", "2"], y: "3" });
  });

  it("has every generic message in all eight locales", () => {
    for (const lng of LOCALES) {
      const common = JSON.parse(readFileSync(new URL(`../../locales/${lng}/common.json`, import.meta.url), "utf8"));
      for (const k of ["required", "invalid", "tooShort", "tooLong", "tooSmall", "tooBig", "notAChoice"])
        expect(common.form?.[k], `${lng} form.${k}`).toBeTruthy();
    }
  });
});
