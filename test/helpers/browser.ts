/**
 * The Chromium every browser test uses: its path, or the test is skipped with the reason —
 * unless REQUIRE_BROWSER=1 (as in CI), where a missing browser fails the test instead.
 */
import assert from "node:assert/strict";
import { findChromium } from "../../src/render/chromium";

export function browserOrSkip(t: { skip(message: string): void }): string | undefined {
  const search = findChromium();
  if (search.executablePath) return search.executablePath;
  if (process.env.REQUIRE_BROWSER === "1") assert.fail(`REQUIRE_BROWSER=1 but no Chromium found: ${search.reason}`);
  t.skip(`no Chromium found: ${search.reason}`);
  return undefined;
}
