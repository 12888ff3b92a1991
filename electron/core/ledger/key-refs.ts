// Where an exchange account's API key is kept in main's vault. The app stores a key by the
// account's name (main's keys.save gets the name from the renderer), so the reference is
// derived from the name; core records it on the account once it has seen the key there
// (accounts.checkKey, sync.start), which is what makes the account show `hasKey`.
// Accounts added with `lotwise account add` keep the random reference they were given.
export function keyRefForAccount(name: string): string {
  return `account-name:${name.trim().toLowerCase()}`;
}
