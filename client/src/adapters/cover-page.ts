/**
 * The page behind a modal widget, held while the modal shows (the modal
 * our adapter frames, or the one a provider's script opens, which we wrap):
 * every element of `<body>` present before the modal is made `inert` (not
 * reachable by Tab nor by a screen reader), Escape pressed on the page
 * calls `close`, and focus goes back to the element that had it (the
 * button that opened the widget) when the modal ends, however it ends.
 * Call it before the modal is added to the page, then `shown()` once it is
 * (focus moves into the modal, unless the modal took it), and `release()`
 * when it ends.
 *
 * @example
 * const page = coverPage(() => modal.close());
 * const modal = FluzWidget.open({ token, onEvent });
 * page.shown();
 * // on the modal's close: page.release();
 */
export function coverPage(close: () => void): { shown(): void; release(): void } {
  const opener = document.activeElement as HTMLElement | null;
  const behind = [...document.body.children].filter((el) => !(el as HTMLElement).inert);
  for (const el of behind) (el as HTMLElement).inert = true;
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape") close();
  };
  document.addEventListener("keydown", onKey);
  let held = true;
  return {
    shown() {
      const modal = [...document.body.children].find(
        (el) => !behind.includes(el) && !(el as HTMLElement).inert,
      );
      if (modal && !modal.contains(document.activeElement)) {
        modal.querySelector<HTMLElement>("iframe,button,[href],input,[tabindex]")?.focus();
      }
    },
    release() {
      if (!held) return;
      held = false;
      document.removeEventListener("keydown", onKey);
      for (const el of behind) (el as HTMLElement).inert = false;
      if (opener?.isConnected) opener.focus();
    },
  };
}
