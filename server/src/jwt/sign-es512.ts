import type { KeyObject } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** An ES512 JWT signer; `close()` stops its signing threads. */
export type Es512Signer = ((claims: Record<string, unknown>) => Promise<string>) & {
  close(): Promise<void>;
};

/**
 * How much lower than the event loop the signing threads run: a Linux nice
 * value, which Linux keeps per thread. When both want a core, the event loop
 * gets about nine tenths of it, so other routes keep their latency while
 * ES512 is saturated; an idle core still goes to signing.
 */
const SIGNER_NICE = 10;

/**
 * The signing thread: P-521 / SHA-512 over the input it is sent, with
 * node:crypto, synchronously (it is its own thread). A constant script,
 * evaluated as CommonJS, so it runs the same from the sources and from dist/.
 */
const WORKER = `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { createPrivateKey, sign } = require("node:crypto");
if (workerData.nice) {
  try { require("node:os").setPriority(0, workerData.nice); } catch {}
}
const key = createPrivateKey({ key: Buffer.from(workerData.der), format: "der", type: "pkcs8" });
parentPort.on("message", ({ id, input }) => {
  let reply;
  try {
    reply = { id, sig: sign("sha512", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url") };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.name : "Error" };
  }
  parentPort.postMessage(reply);
});`;

interface Job {
  resolve(signature: string): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * An ES512 (ECDSA P-521, SHA-512) JWT signer, header `{alg: "ES512", typ:
 * "JWT", kid}`, signature in JOSE's r‖s form. The signatures (about 2 ms of
 * CPU each) are made by a pool of `node:worker_threads`, one per core, at a
 * lower priority than the event loop on Linux (`SIGNER_NICE`): never on the
 * event loop, and never starving it (docs/decisions.md has the figures).
 * The threads start with the first signature and do not keep the process
 * alive; a thread that dies fails its own signatures and is replaced on the
 * next one. `kid` may be a promise (`keyId(key)`, started once at start-up).
 *
 * @example
 * const key = createPrivateKey(pem); // a P-521 key
 * const sign = es512Signer(key, keyId(key));
 * const jwt = await sign({ scopes: ["embed"], exp: 1700000000 });
 * await sign.close();
 */
export function es512Signer(
  key: KeyObject,
  kid: string | Promise<string>,
  options: { threads?: number } = {},
): Es512Signer {
  if (key.type !== "private")
    throw new TypeError("es512Signer: the key must be a private KeyObject");
  const der = key.export({ type: "pkcs8", format: "der" });
  const size = Math.max(1, options.threads ?? availableParallelism());
  const header = Promise.resolve(kid).then((id) => encode({ alg: "ES512", typ: "JWT", kid: id }));
  // Reported on the first signing, not as an unhandled rejection at start-up.
  header.catch(() => {});
  const nice = process.platform === "linux" ? SIGNER_NICE : 0;
  const threads: Thread[] = [];
  let nextId = 0;
  let closed = false;

  function spawn(): Thread {
    const worker = new Worker(WORKER, { eval: true, workerData: { der, nice } });
    worker.unref();
    const thread: Thread = { worker, jobs: new Map() };
    const fail = (err: Error) => {
      const at = threads.indexOf(thread);
      if (at !== -1) threads.splice(at, 1);
      for (const job of thread.jobs.values()) job.reject(err);
      thread.jobs.clear();
    };
    worker.on("message", (m: { id: number; sig?: string; error?: string }) => {
      const job = thread.jobs.get(m.id);
      if (job === undefined) return;
      thread.jobs.delete(m.id);
      if (m.sig === undefined) job.reject(new Error(`ES512 signing failed (${m.error})`));
      else job.resolve(m.sig);
    });
    worker.on("error", (err) => fail(err));
    worker.on("exit", () => fail(new Error("ES512 signing thread exited")));
    threads.push(thread);
    return thread;
  }

  /** The thread with the fewest signatures waiting; a new one while the pool is not full. */
  function pick(): Thread {
    let best: Thread | undefined;
    for (const t of threads) if (best === undefined || t.jobs.size < best.jobs.size) best = t;
    if (best !== undefined && (best.jobs.size === 0 || threads.length >= size)) return best;
    return spawn();
  }

  const sign = async (claims: Record<string, unknown>): Promise<string> => {
    if (closed) throw new Error("es512Signer: closed");
    const input = `${await header}.${encode(claims)}`;
    const thread = pick();
    const id = nextId++;
    const signature = await new Promise<string>((resolve, reject) => {
      thread.jobs.set(id, { resolve, reject });
      thread.worker.postMessage({ id, input });
    });
    return `${input}.${signature}`;
  };
  return Object.assign(sign, {
    async close() {
      closed = true;
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  });
}
