import type { Page } from "@playwright/test";

/**
 * Press a key that closes the widget focus is in (Escape, or Enter on its
 * Cancel): key down, wait until `closed()` holds (the frame gone, focus back
 * on the opener), then key up. The page acts on key down; Playwright's
 * `press()` then sends the key up to a frame that is already gone, which can
 * hang it until the test's timeout (seen in `e2e:stress`, Fluz and Jackpot,
 * once each in six runs).
 *
 * @example
 * await pressToClose(page, "Escape", () => expect(opener).toBeFocused());
 */
export async function pressToClose(
  page: Page,
  key: "Escape" | "Enter",
  closed: () => Promise<void>,
): Promise<void> {
  await page.keyboard.down(key);
  await closed();
  await page.keyboard.up(key);
}
