// The base of every fake exchange: an HTTP server on 127.0.0.1 that receives requests for
// any of an exchange's hosts as /<host>/<path> (see electron/core/exchanges/
// api-url-override.ts), logs them, and can inject the faults real exchanges produce:
// rate limits, outages, timeouts, connections cut mid-response, malformed bodies, and
// exchange-specific error replies.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** The host the client meant, e.g. `api.binance.com`. */
  host: string;
  /** The path on that host, e.g. `/api/v3/myTrades`. */
  path: string;
  query: URLSearchParams;
  /**
   * The query string exactly as the client sent it, without the `?`: exchanges sign the
   * raw text, and re-serializing `query` can change it (ordering, percent-encoding).
   */
  rawQuery: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body: unknown;
}

export type Fault =
  | { kind: 'rate-limit'; retryAfterSeconds?: number } // HTTP 429
  | { kind: 'unavailable' } // HTTP 503
  | { kind: 'timeout'; afterMs?: number } // no answer, then the socket closes
  | { kind: 'disconnect' } // headers and half a body, then the socket is destroyed
  | { kind: 'malformed' } // HTTP 200 with a JSON body cut short
  | { kind: 'reply'; response: FakeResponse }; // an exchange-specific error reply

export interface FaultRule {
  fault: Fault;
  /** Only requests whose path contains this. */
  pathIncludes?: string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Let this many matching requests through before the first fault. */
  after?: number;
}

export interface LoggedRequest {
  method: string;
  host: string;
  path: string;
  query: string;
  status: number | 'fault';
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeServerOptions {
  /**
   * The body of an injected rate limit (HTTP 429) in this exchange's own words (default
   * `{"error":"Too many requests"}`). ccxt reads an exchange's error body before the HTTP
   * status, so a body the exchange never sends can turn the 429 into the wrong class:
   * ccxt's Kraken reads `{"error":"Too many requests"}` as a plain ExchangeError.
   */
  rateLimitBody?: unknown;
}

export class FakeExchangeServer {
  readonly requests: LoggedRequest[] = [];
  private readonly handler: FakeHandler;
  private readonly rules: (FaultRule & { seen: number; used: number })[] = [];
  private randomFaults: { probability: number; faults: Fault[]; seed: number } | null = null;
  private server: Server | null = null;
  private readonly rateLimitBody: unknown;

  constructor(handler: FakeHandler, options: FakeServerOptions = {}) {
    this.handler = handler;
    this.rateLimitBody = options.rateLimitBody ?? { error: 'Too many requests' };
  }

  /** Starts listening on 127.0.0.1 and returns the base URL to give ccxt. */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Queues a fault for the next matching request(s). */
  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, seen: 0, used: 0 });
  }

  /** Each request gets one of these faults with this probability (deterministic by seed). */
  injectRandomly(probability: number, faults: Fault[], seed = 1): void {
    this.randomFaults = { probability, faults, seed };
  }

  clearFaults(): void {
    this.rules.length = 0;
    this.randomFaults = null;
  }

  private nextFault(path: string): Fault | null {
    for (const rule of this.rules) {
      if (rule.pathIncludes !== undefined && !path.includes(rule.pathIncludes)) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.after ?? 0)) continue;
      if (rule.used >= (rule.times ?? 1)) continue;
      rule.used += 1;
      return rule.fault;
    }
    const random = this.randomFaults;
    if (random) {
      // A small linear congruential generator: the same seed gives the same fault mix.
      random.seed = (random.seed * 1103515245 + 12345) % 2147483648;
      if (random.seed / 2147483648 < random.probability) {
        random.seed = (random.seed * 1103515245 + 12345) % 2147483648;
        return random.faults[random.seed % random.faults.length]!;
      }
    }
    return null;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const [, host = '', ...rest] = url.pathname.split('/');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      host,
      path: `/${rest.join('/')}`,
      query: url.searchParams,
      rawQuery: rawQueryOf(req.url ?? ''),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const log: LoggedRequest = { method: request.method, host, path: request.path, query: url.search, status: 'fault' };
    this.requests.push(log);

    const fault = this.nextFault(request.path);
    if (fault) {
      await this.applyFault(fault, res);
      return;
    }
    let response: FakeResponse;
    try {
      response = await this.handler(request);
    } catch (error) {
      response = { status: 500, body: { error: `fake exchange failed: ${String(error)}` } };
    }
    log.status = response.status;
    send(res, response);
  }

  private async applyFault(fault: Fault, res: ServerResponse): Promise<void> {
    switch (fault.kind) {
      case 'rate-limit':
        send(res, {
          status: 429,
          headers: fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
          body: this.rateLimitBody,
        });
        return;
      case 'unavailable':
        send(res, { status: 503, body: 'Service Unavailable' });
        return;
      case 'timeout':
        await new Promise((resolve) => setTimeout(resolve, fault.afterMs ?? 30_000));
        res.socket?.destroy();
        return;
      case 'disconnect':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('[{"id":');
        res.socket?.destroy();
        return;
      case 'malformed':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('[{"id": 1, "price": "4');
        return;
      case 'reply':
        send(res, fault.response);
        return;
    }
  }
}

function rawQueryOf(target: string): string {
  const mark = target.indexOf('?');
  return mark === -1 ? '' : target.slice(mark + 1);
}

function send(res: ServerResponse, response: FakeResponse): void {
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  const type = typeof response.body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(response.status, { 'Content-Type': type, ...response.headers });
  res.end(text);
}
