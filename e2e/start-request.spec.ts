// A requester starts the demo Expense approval from /processes and lands on the request's
// page: the diagram with the current step marked, whom it waits on, and the timeline.
// BATON_SCREENSHOTS=1 also writes docs/screenshots/{start-page,request-timeline}[-mobile].png.
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../prisma/seed/demo-users";
import { signInAs } from "./fixtures/auth";

const shots = process.env.BATON_SCREENSHOTS === "1" ? path.join(import.meta.dirname, "../docs/screenshots") : null;

async function shoot(page: Page, name: string) {
  if (!shots) return;
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function noSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).exclude(".djs-container").analyze();
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function diagramReady(page: Page) {
  const viewer = page.getByTestId("bpmn-viewer");
  await expect(viewer).toHaveAttribute("data-status", "ready", { timeout: 15_000 });
  return viewer;
}

test("rita starts an expense from /processes and follows it on the request page", async ({ page }) => {
  // Two axe runs and two viewport sizes on a 2-core machine shared with other work.
  test.setTimeout(120_000);
  const businessKey = `EXP-E2E-${Date.now().toString(36)}`;
  await signInAs(page, "requester");

  await page.goto("/processes");
  await page.getByRole("link", { name: "Start Expense approval" }).first().click();
  await expect(page).toHaveURL(/\/processes\/expense-approval$/);
  await expect(page.getByRole("heading", { level: 1, name: "Expense approval" })).toBeVisible();
  await expect(page.getByTestId("process-description")).toContainText("manager approves it");
  await expect(page.getByTestId("versions")).toContainText("Version 1");
  await diagramReady(page);
  await noSeriousA11yViolations(page);
  await shoot(page, "start-page");

  const panel = page.getByTestId("start-panel");
  await panel.getByLabel(/Business key/).fill(businessKey);
  // The demo model may carry a start form (Camunda Forms); without one a plain user gives no data.
  // The page is server-rendered, so whether the form is there is known now; form-js fills it in after.
  const hasForm = (await panel.getByTestId("camunda-form").count()) > 0;
  if (hasForm) {
    await expect(panel.getByTestId("camunda-form")).toHaveAttribute("aria-busy", "false", { timeout: 15_000 });
    // form-js applies typed values after a 300 ms debounce; a field typed into meanwhile can be reset
    await panel.getByLabel(/amount/i).first().fill("1500");
    await page.waitForTimeout(400);
    await panel.getByLabel("R&D", { exact: true }).check();
    await panel.getByLabel(/What was it for/).fill("Conference travel");
    await page.waitForTimeout(400);
  }
  await panel.getByRole("button", { name: /Start request|Submit/ }).click();

  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Expense approval · ${businessKey}`);
  await expect(page.getByTestId("request-status")).toHaveAttribute("data-status", "active");
  await expect(page.getByText("Started by Rita Requester")).toBeVisible();
  const now = page.getByTestId("current-steps");
  await expect(now).toContainText("Manager approval");
  await expect(now).toContainText("Waiting for someone in Managers to pick it up");
  if (hasForm) await expect(page.getByTestId("request-details")).toContainText("1500");

  const viewer = await diagramReady(page);
  await expect(viewer.locator('.djs-element.baton-active[data-element-id="manager-approval"]')).toHaveCount(1);
  await expect(viewer.locator('.djs-element.baton-completed[data-element-id="submitted"]')).toHaveCount(1);
  await expect(viewer.getByRole("button", { name: "Zoom in" })).toBeVisible();

  const timeline = page.getByTestId("timeline");
  await expect(timeline.getByRole("listitem")).toHaveCount(2);
  await expect(timeline.getByRole("listitem").nth(0)).toContainText("Rita Requester started Expense approval");
  await expect(timeline.getByRole("listitem").nth(1)).toContainText("Manager approval offered to Managers");
  await expect(timeline.locator("time").first()).toHaveText("just now");
  await noSeriousA11yViolations(page);
  await shoot(page, "request-timeline");

  // At 390 px wide the same pages stay usable: nothing wider than the screen.
  const requestUrl = page.url();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await diagramReady(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shoot(page, "request-timeline-mobile");
  await page.goto("/processes/expense-approval");
  await diagramReady(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shoot(page, "start-page-mobile");
  await page.goto("/processes");
  await expect(page.getByRole("link", { name: "Start Expense approval" }).first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  if (shots) await page.screenshot({ path: path.join(os.tmpdir(), "baton-processes-mobile.png"), fullPage: true });

  // Someone with no part in the request (finance: nothing offered to them yet) gets the
  // not-found page, inside the app shell.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/signin");
  await page.getByLabel("Email").fill("fay.finance@acme.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("identity-name")).toHaveText("Fay Finance");
  await page.goto(requestUrl);
  await expect(page.getByRole("heading", { name: "Request not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).first()).toBeVisible();
});

test("a designer starts through the start form; a required field left empty starts nothing", async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, "designer");
  await page.goto("/processes/expense-approval");
  const panel = page.getByTestId("start-panel");
  const form = panel.getByTestId("camunda-form");
  await expect(form).toHaveAttribute("aria-busy", "false", { timeout: 15_000 });
  await panel.getByLabel(/amount/i).first().fill("1500");
  await page.waitForTimeout(400); // form-js's 300 ms input debounce
  await panel.getByLabel("Sales", { exact: true }).check();
  await page.waitForTimeout(400); // form-js's 300 ms input debounce
  await panel.getByRole("button", { name: /Start request|Submit/ }).click();
  // "What was it for?" is required: the form says so at the field and nothing starts
  await expect(panel.getByText("Field is required.")).toBeVisible();
  await expect(page).toHaveURL(/\/processes\/expense-approval$/);
  await panel.getByLabel(/What was it for/).fill("Customer visit");
  await page.waitForTimeout(400); // form-js's 300 ms input debounce
  if (shots) await page.screenshot({ path: path.join(os.tmpdir(), "baton-designer-start.png"), fullPage: true });
  await panel.getByRole("button", { name: /Start request|Submit/ }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("request-details")).toContainText("1500");
  await expect(page.getByTestId("request-details")).toContainText("Sales");
  await expect(page.getByTestId("timeline").getByRole("listitem").first()).toContainText("Dev Designer started Expense approval");
});

test("an unknown request or process is the not-found page, not an error", async ({ page }) => {
  await signInAs(page, "requester");
  await page.goto("/requests/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "Request not found" })).toBeVisible();
  await page.goto("/processes/no-such-process");
  await expect(page.getByRole("heading", { name: "No such process" })).toBeVisible();
});
