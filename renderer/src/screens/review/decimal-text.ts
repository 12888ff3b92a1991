// Reading an amount the user typed: exactly, as a decimal string, with a message that says
// what to type instead when it is not one. Nothing is sent to core until it reads.
import { parseDecimal, toDecimalText, type Decimal } from '../../../../shared/money.ts';

export type AmountReading = { ok: true; value: Decimal; text: string } | { ok: false; message: string };

/** `what` names the field in the message ("The price"); zero is refused unless allowed. */
export function readAmount(input: string, what: string, { allowZero = false } = {}): AmountReading {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, message: `${what} is missing.` };
  const value = parseDecimal(trimmed);
  if (value === null) return { ok: false, message: `${what} must be a number such as 1234.56, without commas or a currency sign.` };
  if (value.isNegative() || (!allowZero && value.isZero())) return { ok: false, message: `${what} must be more than zero.` };
  return { ok: true, value, text: toDecimalText(value) };
}
