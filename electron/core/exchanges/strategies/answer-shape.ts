// Checking the shape of an exchange's answer before using it. A body cut short can come
// back from ccxt as a string, or as [] from a unified method: such an answer is
// malformed (retried), never taken for the end of the data.
import { MalformedResponseError } from '../failures.ts';

export function answerObject<T>(exchange: string, value: unknown, what: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedResponseError(`${exchange} ${what}: the answer is not an object`);
  }
  return value as T;
}

export function answerList<T>(exchange: string, value: unknown, what: string): T[] {
  if (!Array.isArray(value)) throw new MalformedResponseError(`${exchange} ${what}: the answer is not a list`);
  return value as T[];
}
