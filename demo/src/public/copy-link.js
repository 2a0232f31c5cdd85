// A "Copy link" button next to the referral widget. The sandbox's widget is
// plain HTML (no script of its own, so no copy button inside), rendered by
// squatch-js into a same-origin iframe: the shop's page reads the link there.

/** The shopper's referral link shown in the widget inside `container`, or "". */
function referralLink(container) {
  // squatch-js puts the iframe in <impact-embed>'s (open) shadow root.
  const embed = container.querySelector("impact-embed");
  const frame = embed?.shadowRoot?.querySelector("iframe") ?? container.querySelector("iframe");
  return frame?.contentDocument?.getElementById("impact-share-link")?.value ?? "";
}

async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API (plain http on a LAN address) or no permission: the old way.
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.append(field);
    field.select();
    const copied = document.execCommand("copy");
    field.remove();
    if (!copied) throw new Error("copy refused");
  }
}

/**
 * Wire `button` to copy the link of the widget in `container`; `status` (an
 * aria-live element) says "Copied" or what to do instead. The button stays
 * disabled until `enable()` is called (when the widget has rendered).
 */
export function copyButton(button, container, status) {
  const label = button.textContent;
  let timer;
  const say = (text, kind) => {
    status.textContent = text;
    status.dataset.kind = kind;
    status.hidden = false;
  };
  button.addEventListener("click", async () => {
    const link = referralLink(container);
    if (!link) {
      say("Your link is not shown yet. Please wait a moment.", "error");
      return;
    }
    try {
      await writeClipboard(link);
      button.textContent = "Copied";
      button.dataset.copied = "";
      say("Link copied: paste it in a message to a friend.", "ok");
      clearTimeout(timer);
      timer = setTimeout(() => {
        button.textContent = label;
        delete button.dataset.copied;
      }, 2500);
    } catch {
      say(
        "Copying is blocked in this browser: select the link in the widget and copy it.",
        "error",
      );
    }
  });
  return {
    enable() {
      button.disabled = false;
    },
    disable() {
      button.disabled = true;
      status.hidden = true;
    },
  };
}
