// The API reference as a person meets it: headless Chromium (Debian's `chromium`, installed by .ci/run) loads
// /api/v1/docs from the running app under the page's real Content-Security-Policy. It fails on a console error, an
// uncaught page error, a CSP violation, a request to another origin, or an operation of the OpenAPI document that
// the rendered page does not show. DOCS_SCREENSHOT=<file.png> saves what the browser rendered (the top, and
// the createCase operation beside it as <file>-create-case.png).
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../support/api-client.js";
import { startTestApp, type AppUnderTest } from "../support/app-under-test.js";

// Debian's chromium (.ci/run installs it); CI runners name their own Chrome.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
type OpenApi = { paths: Record<string, Record<string, { operationId: string }>> };

let app: AppUnderTest;
let browser: Browser;
let page: Page;
let openApi: OpenApi;
const problems: string[] = [];

/** A page whose console errors, page errors, failed responses, CSP violations and foreign requests are recorded. */
async function watchedPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    if (!request.url().startsWith(app.baseUrl) && !/^(data|blob):/.test(request.url()))
      problems.push(`request to another origin: ${request.url()}`);
  });
  // Runs in the page (no DOM types here, so as source): every violation also reaches the console listener.
  await page.addInitScript({
    content: `document.addEventListener("securitypolicyviolation", (event) =>
      console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI + " " + event.sample));`,
  });
  return page;
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium`);
  app = await startTestApp();
  openApi = (await new ApiClient(app.baseUrl).get<OpenApi>("/openapi.json")).body;
  browser = await chromium.launch({ executablePath: chromiumPath, timeout: 30_000 });
  page = await watchedPage(browser, problems);
  const response = await page.goto(`${app.baseUrl}/api/v1/docs`, { waitUntil: "load" });
  expect(response?.status()).toBe(200);
  // Redoc gives every operation a section named after its operationId once the document is rendered.
  await page.waitForSelector('[data-section-id^="operation/"]', { timeout: 60_000 });
  await page.waitForLoadState("networkidle", { timeout: 30_000 });
  const screenshot = process.env.DOCS_SCREENSHOT;
  if (screenshot) {
    await page.screenshot({ path: screenshot });
    await page.locator('[data-section-id="operation/createCase"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot.replace(/\.png$/, "-create-case.png") });
  }
}, 150_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const operations = () =>
  Object.entries(openApi.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operationId: operation.operationId })),
  );

describe("the API reference in a browser", () => {
  it("renders without a console error, page error, CSP violation or request to another origin", () => {
    expect(problems).toEqual([]);
  });

  it("notices a violation of the docs page's policy (the check can fail)", async () => {
    const seen: string[] = [];
    const probe = await watchedPage(browser, seen);
    // The docs page's own policy over a page with an inline style without the nonce, and an image elsewhere.
    const policy = (await fetch(`${app.baseUrl}/api/v1/docs`)).headers.get("content-security-policy") ?? "";
    await probe.route(`${app.baseUrl}/violation`, (route) =>
      route.fulfill({
        contentType: "text/html",
        headers: { "Content-Security-Policy": policy },
        body: '<!doctype html><style>body{color:red}</style><img src="https://cdn.example.com/logo.svg">',
      }),
    );
    await probe.goto(`${app.baseUrl}/violation`);
    await expect.poll(() => seen.join("\n"), { timeout: 10_000 }).toMatch(/CSP violation: style-src-elem/);
    expect(seen.join("\n")).toMatch(/request to another origin: https:\/\/cdn\.example\.com/);
    await probe.close();
  });

  it("is served under a policy with neither 'unsafe-inline' nor 'unsafe-eval'", async () => {
    const policy = (await fetch(`${app.baseUrl}/api/v1/docs`)).headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(policy).not.toMatch(/unsafe-(inline|eval)/);
  });

  it("shows every operation of the OpenAPI document, by operationId and by path", async () => {
    expect(operations().length).toBeGreaterThan(25);
    const sections = await page.$$eval('[data-section-id^="operation/"]', (nodes) =>
      nodes.map((node) => node.getAttribute("data-section-id")),
    );
    const text = await page.evaluate<string>("document.body.textContent");
    const missing = operations().filter(
      ({ path, operationId }) => !sections.includes(`operation/${operationId}`) || !text.includes(path),
    );
    expect(missing).toEqual([]);
  });

  it("shows request and response examples and the error shape", async () => {
    const text = await page.evaluate<string>("document.body.textContent");
    expect(text).toContain("Request samples");
    expect(text).toContain("Response samples");
    expect(text).toContain("application/problem+json");
  });
});
