// An account's base-URL override (`lotwise account add --api-url URL`): every host of the
// exchange's API is rewritten to URL/<original-host>/…, so one server (an exchange's
// sandbox proxy, or the fake exchanges the tests run on 127.0.0.1) can stand in for all
// of an exchange's hosts while still seeing which host each request was meant for.
// Risk, as the README says: whoever runs that URL sees every signed request.

type UrlTree = string | { [key: string]: UrlTree } | UrlTree[];

/** `https://api.binance.com/api/v3` → `http://127.0.0.1:8080/api.binance.com/api/v3`. */
export function overrideUrl(original: string, base: string): string {
  const url = new URL(original);
  const root = base.replace(/\/+$/, '');
  return `${root}/${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}${url.search}`;
}

/** Rewrites every http(s) URL in ccxt's `urls.api` tree; other values stay as they are. */
export function overrideApiUrls<T extends UrlTree>(tree: T, base: string): T {
  if (typeof tree === 'string') return (/^https?:\/\//.test(tree) ? overrideUrl(tree, base) : tree) as T;
  if (Array.isArray(tree)) return tree.map((entry) => overrideApiUrls(entry, base)) as T;
  const rewritten: Record<string, UrlTree> = {};
  for (const [key, value] of Object.entries(tree)) rewritten[key] = overrideApiUrls(value, base);
  return rewritten as T;
}

/** Checks a user-given override: an absolute http(s) URL without credentials. */
export function validateApiUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the API URL must start with http:// or https://';
  if (url.username || url.password) return 'the API URL must not contain a user name or password';
  return null;
}
