import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB from "./engine.js";

describe("CSV escaping", () => {
  test("plain text and numbers pass unchanged; empty for null", () => {
    assert.equal(CB.csvField("新员工入职"), "新员工入职");
    assert.equal(CB.csvField(90), "90");
    assert.equal(CB.csvField(0), "0");
    assert.equal(CB.csvField(null), "");
    assert.equal(CB.csvField(undefined), "");
  });

  test("commas, quotes and line breaks are quoted, quotes doubled", () => {
    assert.equal(CB.csvField("甲,乙"), '"甲,乙"');
    assert.equal(CB.csvField('说"好"'), '"说""好"""');
    assert.equal(CB.csvField("一\n二"), '"一\n二"');
    assert.equal(CB.csvField("一\r\n二"), '"一\r\n二"');
  });

  test("a value a spreadsheet would run as a formula is defused", () => {
    for (const lead of ["=", "+", "-", "@", "\t"]) assert.equal(CB.csvField(lead + "1+1"), "'" + lead + "1+1");
    assert.equal(CB.csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  });

  test("a CSV text starts with a BOM and ends each line with CRLF", () => {
    assert.equal(CB.csvText([["a", "b"], ["c", "d"]]), "\uFEFFa,b\r\nc,d\r\n");
  });
});
