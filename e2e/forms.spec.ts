// The same verdict in the browser and on the server: each of the three Camunda Forms fixtures
// (schemaVersion 4, 10, 16) is rendered by form-js 1.23 in Chromium with some data and submitted;
// server/forms/validate-submission.ts must find the same problems (same fields, same messages)
// in what form-js submits, and accept what form-js accepts.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { expect, test } from "@playwright/test";
import { fieldTargets, placeErrors } from "../components/forms/error-paths";
import { validateSubmission } from "../server/forms/validate-submission";

const fixtures = path.join(import.meta.dirname, "../server/forms/__fixtures__");
const schemaOf = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), "utf8")) as Record<string, unknown>;

type Case = { name: string; data: Record<string, unknown>; failing: string[] };

const CASES: Record<string, Case[]> = {
  "invoice-v4.form": [
    { name: "empty", data: {}, failing: ["invoiceNumber", "amount", "currency", "checks"] },
    { name: "pattern, min, maxLength", data: { invoiceNumber: "X-1", amount: 0.5, currency: "EUR", checks: ["order"], notes: "x".repeat(41) }, failing: ["invoiceNumber", "amount", "notes"] },
    { name: "valid", data: { invoiceNumber: "INV-1234", amount: 250, currency: "USD", costCenter: "CC-100", checks: ["order", "delivery"], tags: ["sw"], urgent: true, notes: "ok" }, failing: [] },
  ],
  "travel-v10.form": [
    { name: "required, FEEL max, shown hotel", data: { destinations: ["Berlin", "Paris"], maxNights: 5, needsHotel: true, nights: 9 }, failing: ["departureDate", "destination", "nights", "hotel", "traveller.name"] },
    { name: "hidden hotel, e-mail in a group", data: { destinations: ["Paris"], maxNights: 5, needsHotel: false, departureDate: "2026-12-24", destination: "Paris", traveller: { name: "Rita", email: "not-mail" } }, failing: ["traveller.email"] },
    { name: "valid", data: { destinations: ["Paris"], maxNights: 5, needsHotel: true, hotel: "Ritz", nights: 3, departureDate: "2026-12-24", departureTime: "09:30", destination: "Paris", traveller: { name: "Rita", email: "rita@example.com" } }, failing: [] },
  ],
  "expense-v16.form": [
    { name: "empty (one empty list row)", data: { availableProjects: ["apollo"], minJustification: 10 }, failing: ["requester.name", "items.0.description", "items.0.cost", "approvalPath"] },
    {
      name: "list rows, this-condition, FEEL minLength",
      data: { availableProjects: ["apollo"], minJustification: 10, requester: { name: "Rita" }, approvalPath: "express", justification: "soon", items: [{ description: "", cost: 1.234, category: "other" }, { description: "Taxi", cost: -1, category: "travel" }] },
      failing: ["items.0.description", "items.0.cost", "items.0.note", "items.1.cost", "justification"],
    },
    { name: "valid", data: { availableProjects: ["apollo"], minJustification: 10, requester: { name: "Rita" }, approvalPath: "standard", items: [{ description: "Taxi", cost: 12.5, category: "travel" }], projects: ["apollo"] }, failing: [] },
  ],
};

const bundleOf = async (entry: string) => {
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, "fixtures", entry)],
    bundle: true, write: false, format: "iife", platform: "browser", logLevel: "silent", jsx: "automatic", outdir: "/tmp/forms-e2e",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return { js: out.outputFiles.find((f) => f.path.endsWith(".js"))!.text, css: out.outputFiles.find((f) => f.path.endsWith(".css"))?.text ?? "" };
};
let bundle = "";
let component = { js: "", css: "" };
test.beforeAll(async () => {
  bundle = (await bundleOf("form-js-harness.ts")).js;
  component = await bundleOf("camunda-form-harness.tsx");
});

/** form-js errors `{ fieldId: [msg] | { 0: [msg], … } }` -> `{ fieldId or fieldId[i]: first message }`. */
function flatten(errors: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, v] of Object.entries(errors)) {
    if (Array.isArray(v) && typeof v[0] === "string") out[id] = v[0];
    else if (v && typeof v === "object") {
      // a dynamic list's field: one entry per row index (an array or an object keyed by index)
      for (const [i, row] of Object.entries(v)) if (Array.isArray(row) && typeof row[0] === "string") out[`${id}[${i}]`] = row[0];
    }
  }
  return out;
}

for (const [file, cases] of Object.entries(CASES)) {
  test(`${file}: form-js in Chromium and validateSubmission agree`, async ({ page }) => {
    const schema = schemaOf(file);
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ content: bundle });
    for (const c of cases) {
      const browser = await page.evaluate(([s, d]) => window.submitInBrowser(s, d), [schema, c.data] as const);
      const server = validateSubmission(schema, browser.data, c.data);
      const serverErrors = server.ok ? {} : server.errors;
      // the expected fields fail on the server, named by data path …
      expect(Object.keys(serverErrors).sort(), `${file} / ${c.name}: server`).toEqual([...c.failing].sort());
      // … and exactly the same fields fail in form-js, with the same first message
      expect(flatten(browser.errors), `${file} / ${c.name}: browser vs server`).toEqual(flatten(placeErrors(fieldTargets(schema), serverErrors).errors));
    }
  });
}

test("CamundaForm: form-js errors block the submit, valid data is submitted, server errors show at their fields", async ({ page }) => {
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addStyleTag({ content: component.css });
  await page.addScriptTag({ content: component.js });
  const schema = schemaOf("invoice-v4.form");
  await page.evaluate((s) => window.renderCamundaForm({ schema: s, data: {} }), schema);
  const form = page.getByTestId("camunda-form");
  const complete = form.getByRole("button", { name: "Complete task" });
  await expect(complete).toBeVisible();

  await complete.click();
  await expect(form.getByText("Field is required.")).toHaveCount(4);
  expect(await page.evaluate(() => window.submitted.length)).toBe(0);

  // form-js applies typed values after a 300 ms debounce and then removes the field's error, which
  // moves the fields below: wait for each error to go before the next click, as a person would
  const required = form.getByText("Field is required.");
  await form.getByLabel("Invoice number").fill("INV-1234");
  await expect(required).toHaveCount(3);
  await form.getByLabel("Amount").fill("250");
  await expect(required).toHaveCount(2);
  await form.getByLabel("Euro").click();
  await expect(form.getByLabel("Euro")).toBeChecked();
  await expect(required).toHaveCount(1);
  await form.getByLabel("Order").click();
  await expect(form.getByLabel("Order")).toBeChecked();
  await expect(required).toHaveCount(0);
  await complete.click();
  await expect.poll(() => page.evaluate(() => window.submitted.length)).toBe(1);
  const values = (await page.evaluate(() => window.submitted[0])) as Record<string, unknown>;
  expect(values).toMatchObject({ invoiceNumber: "INV-1234", amount: 250, currency: "EUR", checks: ["order"] });
  expect(validateSubmission(schema, values).ok).toBe(true);

  await page.evaluate((s) => window.renderCamundaForm({ schema: s, data: {}, serverErrors: { invoiceNumber: "This invoice was already checked.", approved: "Not a field of this form." } }), schema);
  await expect(form.getByText("This invoice was already checked.")).toBeVisible();
  await expect(form.getByRole("alert")).toContainText("approved: Not a field of this form.");
});
