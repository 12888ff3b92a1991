// Calls an exchange with retries for transient failures only: exponential backoff with
// full jitter, never less than a Retry-After the exchange asked for, cancellable at any
// moment. A clock failure gets one resync and one more try; anything else stops at once.
import { classifyFailure, type Failure } from './failures.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; a longer one is treated as this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('The sync was cancelled.');
  }
}

/** A failure the sync cannot get past by retrying. */
export class StopError extends Error {
  override name = 'StopError';
  readonly failure: Failure;
  constructor(failure: Failure, message: string) {
    super(message);
    this.failure = failure;
  }
}

export interface RetryHooks {
  signal?: AbortSignal;
  /** Headers of the last response, for Retry-After. */
  lastResponseHeaders?: () => Record<string, unknown> | undefined;
  /** Resyncs the clock after an InvalidNonce. */
  resyncClock?: () => Promise<void>;
  onRetry?: (failure: Failure, attempt: number, delayMs: number) => void;
  random?: () => number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfter: number | null, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exponential * (0.5 + random() / 2));
  return retryAfter === null ? jittered : Math.max(jittered, Math.min(retryAfter, policy.maxRetryAfterMs));
}

export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, hooks: RetryHooks = {}): Promise<T> {
  const random = hooks.random ?? Math.random;
  let resynced = false;
  for (let attempt = 1; ; attempt += 1) {
    if (hooks.signal?.aborted) throw new CancelledError();
    try {
      return await call();
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      const failure = classifyFailure(error, hooks.lastResponseHeaders?.());
      if (failure.kind === 'clock' && !resynced && hooks.resyncClock) {
        resynced = true;
        try {
          await hooks.resyncClock();
        } catch (resyncError) {
          // Asking the exchange for its time failed: a failure like any other call's.
          const resyncFailure = classifyFailure(resyncError, hooks.lastResponseHeaders?.());
          throw new StopError(resyncFailure, `could not read the exchange's clock: ${resyncFailure.reason}`);
        }
        continue;
      }
      if (failure.kind !== 'transient') throw new StopError(failure, failure.reason);
      if (attempt >= policy.attempts) {
        throw new StopError(failure, `gave up after ${attempt} attempts: ${failure.reason}`);
      }
      const delay = backoffDelay(attempt, policy, failure.retryAfterMs, random);
      hooks.onRetry?.(failure, attempt, delay);
      await sleep(delay, hooks.signal);
    }
  }
}
