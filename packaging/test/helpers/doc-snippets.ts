/**
 * TypeScript blocks of the Markdown docs, extracted for `tsc`. The convention
 * (also in docs/contributing.md):
 *
 * - Every ```ts (or ```typescript) block is compiled as its own ES module.
 * - `<!-- not-compiled -->` (optionally `<!-- not-compiled: why -->`) as the
 *   last non-blank line before the fence skips the block: for excerpts that
 *   are not TypeScript on their own (a slice of an options object, an API
 *   summary such as `on("open" | "close", listener)`).
 * - `<!-- ts-prelude: … -->` in the same place adds hidden TypeScript before
 *   the block: imports and `declare`s for names the excerpt uses but the page
 *   defined elsewhere (`declare const options: WidgetTokensOptions;`). It may
 *   span several lines. Hidden code is never shown, so keep it to declarations.
 */

export interface DocSnippet {
  /** The Markdown file, relative to the repo root. */
  doc: string;
  /** 1-based line, in `doc`, of the block's first code line. */
  line: number;
  code: string;
  /** Hidden code compiled before `code` (from `<!-- ts-prelude: … -->`). */
  prelude: string;
  /** False when the block is marked `<!-- not-compiled -->`. */
  compiled: boolean;
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/;
const TS_INFO = new Set(["ts", "typescript"]);

export function extractTsSnippets(markdown: string, doc: string): DocSnippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: DocSnippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", info = ""] = open;
    const close = new RegExp(`^\\s*${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end] ?? "")) end++;
    if (TS_INFO.has(info.toLowerCase())) {
      const marker = markerBefore(lines, i);
      snippets.push({
        doc,
        line: i + 2,
        code: lines
          .slice(i + 1, end)
          .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
          .join("\n"),
        prelude: marker?.kind === "ts-prelude" ? marker.body : "",
        compiled: marker?.kind !== "not-compiled",
      });
    }
    i = end;
  }
  return snippets;
}

/** The `<!-- not-compiled -->` / `<!-- ts-prelude: … -->` comment ending right above line `fence`. */
function markerBefore(
  lines: string[],
  fence: number,
): { kind: "not-compiled" | "ts-prelude"; body: string } | undefined {
  let last = fence - 1;
  while (last >= 0 && (lines[last] ?? "").trim() === "") last--;
  if (last < 0 || !(lines[last] ?? "").trim().endsWith("-->")) return undefined;
  let first = last;
  while (first >= 0 && !(lines[first] ?? "").includes("<!--")) first--;
  if (first < 0) return undefined;
  const comment = lines
    .slice(first, last + 1)
    .join("\n")
    .replace(/^[\s\S]*?<!--/, "")
    .replace(/-->\s*$/, "")
    .trim();
  const m = /^(not-compiled|ts-prelude)\b:?([\s\S]*)$/.exec(comment);
  if (!m) return undefined;
  return { kind: m[1] as "not-compiled" | "ts-prelude", body: (m[2] ?? "").trim() };
}
