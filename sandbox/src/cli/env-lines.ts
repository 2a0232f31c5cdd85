/**
 * `NAME=value` as a dotenv line that Node's `--env-file`, `process.loadEnvFile`
 * and POSIX shells read back the same: quoted when the value has anything
 * beyond `[A-Za-z0-9_@.:/+=,-]` (PEM keys keep their `\n` escapes).
 *
 * @example
 * envLine("GR4VY_ID", "sandbox"); // "GR4VY_ID=sandbox"
 */
export function envLine(name: string, value: string): string {
  if (/^[\w@.:/+=,-]*$/.test(value)) return `${name}=${value}`;
  return /["$`\\]/.test(value.replace(/\\n/g, "")) ? `${name}='${value}'` : `${name}="${value}"`;
}
