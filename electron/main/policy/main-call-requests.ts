// Request schemas of the calls main serves itself (dialogs, keys), checked before anything
// else happens: the renderer is not trusted to send well-formed requests. Built from core's
// schema helpers, so every call in Lotwise refuses bad input in the same words. Messages
// name the field and never repeat its value: these requests carry secrets.
import type { CallRequest, MainCallName } from '../../../shared/api.ts';
import { object, oneOf, optional, string, type Schema } from '../../core/handlers/validate.ts';

/** Longer than any exchange's key or secret (a Coinbase CDP key is a ~230-character PEM). */
export const MAX_CREDENTIAL_LENGTH = 4096;
export const MAX_ACCOUNT_NAME_LENGTH = 200;

/** Control characters other than the line breaks a PEM key contains. */
function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.charCodeAt(0);
    if ((code < 0x20 && character !== '\n' && character !== '\r') || code === 0x7f) return true;
  }
  return false;
}

/**
 * An API key, secret or passphrase as pasted: surrounding whitespace (a trailing newline
 * from the clipboard) is dropped; empty, oversized or control-character text is refused.
 */
function credentialText(): Schema<string> {
  const text = string({ nonEmpty: true });
  return (value, path) => {
    const checked = text(value, path);
    if (!checked.ok) return checked;
    const trimmed = checked.value.trim();
    if (trimmed.length > MAX_CREDENTIAL_LENGTH) return { ok: false, message: `${path} is longer than any exchange key (${MAX_CREDENTIAL_LENGTH} characters at most).` };
    if (hasControlCharacter(trimmed)) return { ok: false, message: `${path} contains control characters; paste the key as the exchange shows it.` };
    return { ok: true, value: trimmed };
  };
}

function accountName(): Schema<string> {
  const text = string({ nonEmpty: true });
  return (value, path) => {
    const checked = text(value, path);
    if (checked.ok && checked.value.length > MAX_ACCOUNT_NAME_LENGTH) return { ok: false, message: `${path} is too long.` };
    return checked;
  };
}

export const MAIN_CALL_SCHEMAS: { [K in MainCallName]: Schema<CallRequest<K>> } = {
  'dialog.openCsv': object({}),
  'dialog.chooseFolder': object({}),
  'keys.save': object({
    account: accountName(),
    apiKey: credentialText(),
    secret: credentialText(),
    password: optional(credentialText()),
    storage: optional(oneOf(['os', 'passphrase', 'session'] as const)),
    // Kept exactly as typed: a passphrase is not trimmed, or two could look alike.
    passphrase: optional(string({ nonEmpty: true })),
  }),
  // Kept exactly as typed, like keys.save's.
  'keys.unlock': object({ passphrase: string({ nonEmpty: true }) }),
  'keys.forget': object({ account: accountName() }),
};
