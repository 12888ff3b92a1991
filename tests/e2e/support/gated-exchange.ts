// A fake exchange behind a gate, so a test can stop a sync part way as surely as a slow
// network would: requests pass straight through to the fake until the gate closes (by
// hand, or by itself after so many requests to a path), then wait until it opens again.
// It forwards to the fake over loopback, so ccxt, signing and paging are all unchanged.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExchangeGate {
  /** The base URL to give core instead of the fake's own. */
  url: string;
  /** Requests seen so far whose path contains `pathIncludes` (all requests without it). */
  count(pathIncludes?: string): number;
  /** From the next request on, hold every request until open(). */
  close(): void;
  /** Closes by itself once `requests` requests to a path containing `pathIncludes` have passed. */
  closeAfter(pathIncludes: string, requests: number): void;
  /** Lets every held and later request through. */
  open(): void;
  /** Resolves once at least one request is being held. */
  held(): Promise<void>;
  stop(): Promise<void>;
}

export async function startExchangeGate(target: string): Promise<ExchangeGate> {
  const upstream = new URL(target);
  const seen: string[] = [];
  let closed = false;
  let closeRule: { pathIncludes: string; requests: number } | null = null;
  const waiting: (() => void)[] = [];
  const holdWatchers: (() => void)[] = [];

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const proxied = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => res.destroy());
    req.pipe(proxied);
  }

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (closed) {
      req.pause();
      waiting.push(() => {
        seen.push(path);
        req.resume();
        forward(req, res);
      });
      holdWatchers.splice(0).forEach((notify) => notify());
      return;
    }
    seen.push(path);
    if (closeRule && path.includes(closeRule.pathIncludes) && seen.filter((p) => p.includes(closeRule!.pathIncludes)).length >= closeRule.requests) {
      closeRule = null;
      closed = true;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: (pathIncludes) => (pathIncludes === undefined ? seen.length : seen.filter((p) => p.includes(pathIncludes)).length),
    close() {
      closed = true;
    },
    closeAfter(pathIncludes, requests) {
      closeRule = { pathIncludes, requests };
    },
    open() {
      closed = false;
      closeRule = null;
      waiting.splice(0).forEach((release) => release());
    },
    held: () => (waiting.length > 0 ? Promise.resolve() : new Promise((resolve) => holdWatchers.push(resolve))),
    async stop() {
      closed = false;
      waiting.splice(0).forEach((release) => release());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
