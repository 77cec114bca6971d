// validateSubmission over three Camunda Forms of different schema versions: each rule fails
// with form-js's own message and passes with good data; hidden, disabled and readonly fields,
// groups, dynamic lists and FEEL properties behave as they do in the browser.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateSubmission, type SubmissionResult } from "./validate-submission";

const load = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "__fixtures__", name), "utf8")) as Record<string, unknown>;
const invoice = load("invoice-v4.form");
const travel = load("travel-v10.form");
const expense = load("expense-v16.form");

const errorsOf = (r: SubmissionResult) => (r.ok ? {} : r.errors);
const valuesOf = (r: SubmissionResult) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.values;
};

describe("schemaVersion 4: invoice (textfield, number, checkbox, radio, select, checklist, taglist, textarea, text, button)", () => {
  const good = { invoiceNumber: "INV-1234", amount: 250, urgent: false, currency: "EUR", costCenter: "CC-200", checks: ["order"], tags: ["hw", "sw"], notes: "fine" };

  it("accepts good data and writes exactly the form's fields", () => {
    expect(valuesOf(validateSubmission(invoice, good))).toEqual(good);
  });

  it("requires required fields (empty text, null, empty list) with form-js's message", () => {
    expect(errorsOf(validateSubmission(invoice, {}))).toEqual({
      invoiceNumber: "Field is required.",
      amount: "Field is required.",
      currency: "Field is required.",
      checks: "Field is required.",
    });
    expect(errorsOf(validateSubmission(invoice, { ...good, invoiceNumber: "", checks: [] }))).toEqual({ invoiceNumber: "Field is required.", checks: "Field is required." });
  });

  it("checks pattern, minLength and maxLength", () => {
    expect(errorsOf(validateSubmission(invoice, { ...good, invoiceNumber: "X-1234" }))).toEqual({ invoiceNumber: "Field must match pattern ^INV-\\d+$." });
    expect(errorsOf(validateSubmission(invoice, { ...good, invoiceNumber: "INV-" + "1".repeat(9) }))).toEqual({ invoiceNumber: "Field must have maximum length of 12." });
    expect(errorsOf(validateSubmission(invoice, { ...good, invoiceNumber: "INV-" }))).toMatchObject({ invoiceNumber: expect.stringMatching(/pattern|minimum length/) });
    expect(errorsOf(validateSubmission(invoice, { ...good, notes: "x".repeat(41) }))).toEqual({ notes: "Field must have maximum length of 40." });
  });

  it("checks number type and min/max; numeric strings are stored as numbers", () => {
    expect(errorsOf(validateSubmission(invoice, { ...good, amount: "lots" }))).toEqual({ amount: "Value is not a number." });
    expect(errorsOf(validateSubmission(invoice, { ...good, amount: 0.5 }))).toEqual({ amount: "Field must have minimum value of 1." });
    expect(errorsOf(validateSubmission(invoice, { ...good, amount: 100001 }))).toEqual({ amount: "Field must have maximum value of 100000." });
    expect(valuesOf(validateSubmission(invoice, { ...good, amount: "99.5" })).amount).toBe(99.5);
  });

  it("checks types of text, checkbox and lists", () => {
    expect(errorsOf(validateSubmission(invoice, { ...good, invoiceNumber: 1234 }))).toEqual({ invoiceNumber: "Value must be text." });
    expect(errorsOf(validateSubmission(invoice, { ...good, urgent: "yes" }))).toEqual({ urgent: "Value must be true or false." });
    expect(errorsOf(validateSubmission(invoice, { ...good, tags: "hw" }))).toEqual({ tags: "Value must be a list of options." });
  });

  it("accepts only the options of radio, select, checklist and taglist", () => {
    expect(errorsOf(validateSubmission(invoice, { ...good, currency: "GBP" }))).toEqual({ currency: "Value is not one of the options." });
    expect(errorsOf(validateSubmission(invoice, { ...good, costCenter: "CC-999" }))).toEqual({ costCenter: "Value is not one of the options." });
    expect(errorsOf(validateSubmission(invoice, { ...good, checks: ["order", "invoice"] }))).toEqual({ checks: '"invoice" is not one of the options.' });
    expect(errorsOf(validateSubmission(invoice, { ...good, tags: ["hw", "food"] }))).toEqual({ tags: '"food" is not one of the options.' });
  });

  it("refuses keys the form does not define, naming them (the button's key is no field either)", () => {
    expect(errorsOf(validateSubmission(invoice, { ...good, amout: 5, submit: true }))).toEqual({ amout: "Not a field of this form.", submit: "Not a field of this form." });
  });
});

describe("schemaVersion 10: travel (datetime, valuesKey, FEEL min/max and label, conditional, group with dotted keys)", () => {
  const context = { destinations: ["Berlin", "Paris"], maxNights: 5 };
  const good = { departureDate: "2026-12-24", departureTime: "09:30", returnAt: "2026-12-28T18:00+01:00", destination: "Paris", nights: 4, needsHotel: true, hotel: "Ritz", traveller: { name: "Rita", email: "rita@example.com" } };

  it("accepts good data, nesting dotted keys", () => {
    expect(valuesOf(validateSubmission(travel, good, context))).toEqual(good);
  });

  it("checks date, time and date-time strings", () => {
    expect(errorsOf(validateSubmission(travel, { ...good, departureDate: "2026-02-30" }, context))).toEqual({ departureDate: "Value is not a valid date (YYYY-MM-DD)." });
    expect(errorsOf(validateSubmission(travel, { ...good, departureDate: "24.12.2026" }, context))).toEqual({ departureDate: "Value is not a valid date (YYYY-MM-DD)." });
    expect(errorsOf(validateSubmission(travel, { ...good, departureTime: "25:00" }, context))).toEqual({ departureTime: "Value is not a valid time (HH:mm)." });
    expect(errorsOf(validateSubmission(travel, { ...good, returnAt: "2026-12-28" }, context))).toEqual({ returnAt: "Value is not a valid date and time (YYYY-MM-DDTHH:mm)." });
    expect(errorsOf(validateSubmission(travel, { ...good, departureDate: null }, context))).toEqual({ departureDate: "Field is required." });
  });

  it("takes select options from the variable named by valuesKey", () => {
    expect(errorsOf(validateSubmission(travel, { ...good, destination: "Rome" }, context))).toEqual({ destination: "Value is not one of the options." });
    expect(valuesOf(validateSubmission(travel, { ...good, destination: "Rome" }, { ...context, destinations: ["Rome"] })).destination).toBe("Rome");
  });

  it("evaluates FEEL min and max against the variables", () => {
    expect(errorsOf(validateSubmission(travel, { ...good, nights: 0 }, context))).toEqual({ nights: "Field must have minimum value of 1." });
    expect(errorsOf(validateSubmission(travel, { ...good, nights: 6 }, context))).toEqual({ nights: "Field must have maximum value of 5." });
    expect(valuesOf(validateSubmission(travel, { ...good, nights: 6 }, { ...context, maxNights: 7 })).nights).toBe(6);
  });

  it("neither validates nor writes a field hidden by its condition", () => {
    const noHotel = valuesOf(validateSubmission(travel, { ...good, needsHotel: false, hotel: "" }, context));
    expect(noHotel).not.toHaveProperty("hotel");
    // a value sent for a hidden field is dropped, not refused
    expect(valuesOf(validateSubmission(travel, { ...good, needsHotel: false, hotel: "Ritz" }, context))).not.toHaveProperty("hotel");
    expect(errorsOf(validateSubmission(travel, { ...good, hotel: "" }, context))).toEqual({ hotel: "Field is required." });
  });

  it("validates fields inside a group under their dotted path, including the e-mail rule", () => {
    expect(errorsOf(validateSubmission(travel, { ...good, traveller: { name: "", email: "not-an-address" } }, context))).toEqual({
      "traveller.name": "Field is required.",
      "traveller.email": "Field must be a valid email.",
    });
    expect(errorsOf(validateSubmission(travel, { ...good, traveller: { name: "Rita", phone: "1" } }, context))).toEqual({ "traveller.phone": "Not a field of this form." });
  });
});

describe("schemaVersion 16: expense (group path, dynamic list, expression field, this-conditions, FEEL options and minLength, readonly, disabled)", () => {
  const context = { availableProjects: ["apollo", "gemini"], minJustification: 10, reviewedBy: "fay" };
  const good = {
    requester: { name: "Rita", department: "R&D" },
    items: [{ description: "Taxi", cost: 12.5, category: "travel" }, { description: "Gift", cost: 20, category: "other", note: "client" }],
    approvalPath: "express",
    justification: "client visit tomorrow",
    projects: ["apollo"],
  };

  it("accepts good data and computes the expression field on the server", () => {
    expect(valuesOf(validateSubmission(expense, good, context))).toEqual({ ...good, total: 32.5 });
  });

  it("validates each row of a dynamic list under items.<index>.<key>", () => {
    const bad = { ...good, items: [{ description: "", cost: 12.555, category: "travel" }, { description: "x".repeat(41), cost: -1, category: "fuel" }] };
    expect(errorsOf(validateSubmission(expense, bad, context))).toEqual({
      "items.0.description": "Field is required.",
      "items.0.cost": "Value is expected to have at most 2 decimal digits.",
      "items.1.description": "Field must have maximum length of 40.",
      "items.1.cost": "Field must have minimum value of 0.",
      "items.1.category": "Value is not one of the options.",
    });
    expect(errorsOf(validateSubmission(expense, { ...good, items: "none" }, context))).toEqual({ items: "Value must be a list." });
    expect(errorsOf(validateSubmission(expense, { ...good, items: [{ description: "a", cost: 1, colour: "red" }] }, context))).toEqual({ "items.0.colour": "Not a field of this form." });
  });

  it("evaluates a row's condition with `this` (the row): the note is required only for 'other'", () => {
    const items = [{ description: "Gift", cost: 20, category: "other" }, { description: "Taxi", cost: 5, category: "travel", note: "dropped" }];
    expect(errorsOf(validateSubmission(expense, { ...good, items }, context))).toEqual({ "items.0.note": "Field is required." });
    const ok = valuesOf(validateSubmission(expense, { ...good, items: [items[1]] }, context));
    expect(ok.items).toEqual([{ description: "Taxi", cost: 5, category: "travel" }]);
  });

  it("requires the justification only on the express path, with its FEEL minLength", () => {
    expect(errorsOf(validateSubmission(expense, { ...good, justification: "" }, context))).toEqual({ justification: "Field is required." });
    expect(errorsOf(validateSubmission(expense, { ...good, justification: "soon" }, context))).toEqual({ justification: "Field must have minimum length of 10." });
    expect(valuesOf(validateSubmission(expense, { ...good, approvalPath: "standard", justification: "" }, context))).not.toHaveProperty("justification");
  });

  it("validates a group with a path under it, and a taglist against FEEL options", () => {
    expect(errorsOf(validateSubmission(expense, { ...good, requester: { name: "" } }, context))).toEqual({ "requester.name": "Field is required." });
    expect(errorsOf(validateSubmission(expense, { ...good, projects: ["mercury"] }, context))).toEqual({ projects: '"mercury" is not one of the options.' });
  });

  it("never writes readonly or disabled fields (form-js does not let the user change them)", () => {
    const v = valuesOf(validateSubmission(expense, { ...good, reviewedBy: "me", internalId: "42" }, context));
    expect(v).not.toHaveProperty("reviewedBy");
    expect(v).not.toHaveProperty("internalId");
  });

  it("a list the submission does not send starts with one empty row, as in the browser", () => {
    expect(errorsOf(validateSubmission(expense, { requester: { name: "Rita" }, approvalPath: "standard" }, context))).toEqual({
      "items.0.description": "Field is required.",
      "items.0.cost": "Field is required.",
    });
  });
});

describe("prototype keys", () => {
  it("never writes through __proto__, from a submission or from a schema, and refuses such forms at deploy", async () => {
    const submitted = JSON.parse('{"invoiceNumber":"INV-1234","amount":5,"currency":"EUR","checks":["order"],"__proto__":{"polluted":true}}');
    const refused = errorsOf(validateSubmission(invoice, submitted));
    expect(Object.entries(refused)).toEqual([["__proto__", "Not a field of this form."]]);
    const evil = { components: [{ type: "textfield", id: "f", key: "__proto__.polluted" }] };
    validateSubmission(evil, JSON.parse('{"__proto__":{"polluted":"yes"}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const { parseFormFile } = await import("./store-forms");
    expect(() => parseFormFile({ fileName: "evil.form", text: JSON.stringify(evil) })).toThrow(/__proto__/);
  });
});
