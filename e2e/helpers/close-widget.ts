import type { Locator, Page } from "@playwright/test";

/**
 * Input that closes the widget it lands in removes that widget's frame while
 * the browser still owes Playwright the input's acknowledgement. Under load
 * the acknowledgement can be lost with the frame, and the action then hangs
 * until the test's timeout (seen in `e2e:stress`: a key up after Escape or
 * Enter on Cancel, Fluz and Jackpot, once each in six runs; a click on
 * Jackpot's Cancel once in three runs; the key down of Enter on Fluz's
 * Cancel once in three). These helpers send the closing input, wait for the
 * state the test expects, and never wait on the acknowledgement of input
 * that may land in a frame already gone: what the test waits for is the
 * closed state, which the page shows whatever became of the acknowledgement.
 */

/**
 * Press a key that closes the widget focus is in (Escape, or Enter on its
 * Cancel): key down, wait until `closed()` holds (the frame gone, focus back
 * on the opener), then key up. The page acts on key down, so the frame may
 * go while either is on its way: both are sent, not awaited.
 *
 * @example
 * await pressToClose(page, "Escape", () => expect(opener).toBeFocused());
 */
export async function pressToClose(
  page: Page,
  key: "Escape" | "Enter",
  closed: () => Promise<void>,
): Promise<void> {
  void page.keyboard.down(key).catch(() => {});
  await closed();
  void page.keyboard.up(key).catch(() => {});
}

/**
 * Click a button that closes its own widget (Cancel, Close) with the mouse:
 * move to its centre, press, release, and wait until `closed()` holds. The
 * widget acts on the release (a click), so the release is the input whose
 * acknowledgement may go with the frame: it is sent, not awaited, and
 * `closed()` is what the test waits for.
 *
 * @example
 * await clickToClose(page, widget.getByRole("button", { name: "Cancel" }), () =>
 *   expect(page.locator("body")).toHaveAttribute("data-jackpot", "closed"),
 * );
 */
export async function clickToClose(
  page: Page,
  button: Locator,
  closed: () => Promise<void>,
): Promise<void> {
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error(`clickToClose: ${button} is not visible`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  void page.mouse.up().catch(() => {});
  await closed();
}
