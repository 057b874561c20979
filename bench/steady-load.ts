import { Agent, request } from "node:http";

/** One request of a load run: where, and the body and headers built for it. */
export interface LoadRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

/** What a run measured: latencies in ms, ascending, of the answered requests. */
export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  latencies: number[];
}

/**
 * An open-loop load: request i leaves at start + i / rate, whether or not earlier ones were answered (up to
 * `connections` keep-alive sockets), so a slow answer delays nobody else's departure and every latency is a real
 * one. autocannon's rate mode is the other shape: each connection sends its per-second quota back to back at the
 * top of every second.
 */
export async function steadyLoad(o: { port: number; rate: number; seconds: number; connections: number; next: () => LoadRequest }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const total = Math.round(o.rate * o.seconds);
  const intervalMs = 1000 / o.rate;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();

  const fire = (): void => {
    const { path, body, headers } = o.next();
    const at = performance.now();
    const done = new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port: o.port, path, method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - at);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) {
        sent++;
        fire();
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all([...inFlight]);
  agent.destroy();
  return { requests: sent, non2xx, errors, latencies: latencies.sort((a, b) => a - b) };
}
