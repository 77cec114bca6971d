import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { around, definitions, fixture } from "./__fixtures__/inline";

async function errorsOf(xml: unknown) {
  const result = await compile(xml as string);
  expect(result.ok).toBe(false);
  return result.errors;
}

describe("parse: input that is not BPMN XML", () => {
  it("reports malformed XML with line and column", async () => {
    expect(await errorsOf(fixture("malformed.bpmn"))).toEqual([
      {
        type: "xml",
        message: "malformed XML: closing tag mismatch near </bpmn:process> (line 7, column 3)",
        line: 7,
        column: 3,
      },
    ]);
  });

  it("reports a truncated file with a line", async () => {
    const xml = fixture("good.bpmn");
    const [error] = await errorsOf(xml.slice(0, xml.indexOf("<bpmn:userTask") + 10));
    expect(error).toMatchObject({ type: "xml", line: 6 });
    expect(error.message).toMatch(/^malformed XML: unclosed tag/);
  });

  it("says plainly when the input is empty, not XML, or not a string", async () => {
    expect(await errorsOf("")).toEqual([
      { type: "xml", message: "the file is empty: expected BPMN 2.0 XML (a <bpmn:definitions> document)" },
    ]);
    expect(await errorsOf("  \n ")).toHaveLength(1);
    const [json] = await errorsOf('{"process": "x"}');
    expect(json.message).toBe('not XML: the content starts with "{"process": "x"}…"; expected BPMN 2.0 XML (a .bpmn file from a modeler)');
    expect((await errorsOf(null))[0].message).toBe("expected BPMN 2.0 XML text, got null");
  });

  it("names a root element that is not BPMN", async () => {
    expect((await errorsOf("<html><body/></html>"))[0]).toEqual({
      type: "xml",
      message: "not a BPMN 2.0 document: the root element is <html>, expected <bpmn:definitions>",
      line: 1,
      column: 1,
    });
    const [wrongNs] = await errorsOf('<definitions xmlns="http://schema.omg.org/spec/BPMN/2.0"><process id="p"/></definitions>');
    expect(wrongNs.message).toContain('<definitions> is in namespace "http://schema.omg.org/spec/BPMN/2.0"');
  });

  it("rejects what strict XML parsers reject: bad declaration, undeclared prefix", async () => {
    const decl = fixture("good.bpmn").replace('version="1.0" encoding', 'version="1.0"encoding');
    expect((await errorsOf(decl))[0]).toMatchObject({ type: "xml", line: 1, message: expect.stringContaining("malformed XML declaration") });
    const prefix = fixture("good.bpmn").replace('<bpmn:endEvent id="end" />', '<foo:endEvent id="end" />');
    expect((await errorsOf(prefix))[0]).toMatchObject({
      type: "xml",
      line: 8,
      column: 5,
      message: 'namespace prefix "foo" used in <foo:endEvent> is not declared',
    });
  });

  it("turns moddle warnings into errors: unknown element, unknown attribute, duplicate id, dangling reference", async () => {
    const unknownElement = await errorsOf(around(`<bpmn:task id="x" /><bpmn:fancyThing id="y" />`));
    expect(unknownElement[0]).toMatchObject({ type: "xml", line: 11, message: expect.stringContaining("unknown type <bpmn:FancyThing>") });

    const unknownAttr = await errorsOf(around(`<bpmn:userTask id="x" zeebe:assigne="anna" />`));
    expect(unknownAttr).toEqual([
      expect.objectContaining({ id: "x", type: "bpmn:UserTask", line: 11, message: 'unknown attribute zeebe:assigne="anna" on <bpmn:UserTask id="x">' }),
    ]);

    const duplicate = await errorsOf(around(`<bpmn:task id="x" /><bpmn:task id="x" />`));
    expect(duplicate[0].message).toContain("duplicate ID <x>");
    expect(duplicate[0].line).toBe(11);

    const dangling = await errorsOf(around(`<bpmn:task id="x" default="nope" />`));
    expect(dangling).toContainEqual(expect.objectContaining({ id: "x", message: expect.stringContaining('refers to missing element "nope"') }));
  });

  it("keeps diagram-only problems as info", async () => {
    const xml = fixture("good.bpmn").replace(
      "</bpmn:definitions>",
      `<bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="D"><bpmndi:BPMNPlane id="P" bpmnElement="gone" /></bpmndi:BPMNDiagram></bpmn:definitions>`,
    );
    const result = await compile(xml);
    expect(result.ok).toBe(true);
    expect(result.info).toContainEqual({ id: "P", type: "bpmndi:BPMNPlane", message: 'diagram element refers to missing element "gone"; ignored' });
  });

  it("never throws, whatever it is given", async () => {
    for (const input of [undefined, 42, {}, "<", "<?xml", "<bpmn:definitions", "\u0000\u0001", "<a><b></a>"]) {
      const result = await compile(input as string);
      expect(result.ok).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
      for (const e of result.errors) expect(e.message.length).toBeGreaterThan(0);
    }
  });

  it("accepts a byte-order mark and an unusual but valid prefix for BPMN", async () => {
    const xml = definitions(`<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" /></bpmn:process>`)
      .replace(/bpmn:/g, "b2:")
      .replace("xmlns:bpmn=", "xmlns:b2=");
    const result = await compile(`\uFEFF${xml}`);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
