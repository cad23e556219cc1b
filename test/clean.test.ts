import { describe, expect, it } from "vitest";
import { Cleaner } from "../src/core/clean.js";
import { regexSafety } from "../src/kb/regex-safety.js";
import type { RegexPlan } from "../src/core/note-regex.js";

function plan(regex: string): RegexPlan {
  const v = regexSafety(regex, "", { anchored: true });
  if (!v.ok) throw new Error(v.message);
  return { regex, flags: "", engine: v.engine, re2: v.re2 };
}

const glog = "[IWEF]\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+\\s+\\d+\\s+[^\\]\\s]+:\\d+\\]\\s?";
const gh = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z?\\s";

describe("Cleaner", () => {
  const c = new Cleaner([plan(glog), plan(gh)]);
  it("removes ANSI colours and the CR of CRLF", () => {
    expect(c.segments("\x1b[31merror:\x1b[0m bad\r")).toEqual(["error: bad"]);
    expect(c.segments("\x1b]8;;http://x\x07link\x1b]8;;\x07")).toEqual(["link"]);
  });
  it("removes declared prefixes, stacked ones too", () => {
    expect(c.segments("2024-05-01T12:34:56.1234567Z W1121 05:26:23.507000 8483 torch/utils/cpp_extension.py:546] The detected CUDA")).toEqual([
      "The detected CUDA",
    ]);
  });
  it("splits \\r progress bars into the states they overwrote", () => {
    expect(c.segments("10%\r50%\rerror: boom")).toEqual(["10%", "50%", "error: boom"]);
  });
  it("removes a prefix the same way whichever engine runs it", () => {
    const linear = { ...plan(glog), engine: "linear" as const };
    const line = "W1121 05:26:23.507000 8483 torch/utils/cpp_extension.py:546] The detected CUDA";
    expect(new Cleaner([linear]).segments(line)).toEqual(c.segments(line));
  });
  it("trims white space and leaves other text alone", () => {
    expect(c.segments("   ValueError: x  ")).toEqual(["ValueError: x"]);
    expect(new Cleaner([]).segments("W1121 x")).toEqual(["W1121 x"]);
  });
});
