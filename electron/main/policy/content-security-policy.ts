// The renderer's Content Security Policy. The app:// protocol sends it as a header;
// renderer/index.html also carries it in a meta tag (a unit test keeps the two equal) so
// the policy holds however the page is loaded. `frame-ancestors` is header-only: browsers
// ignore it in a meta tag, and Chromium logs an error when it is there.
const DIRECTIVES = {
  'default-src': "'self'",
  'script-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  // form-action has no fallback, so without it a form could post anywhere; frame-src would
  // fall back to default-src's 'self'. Lotwise's forms are handled in script and it
  // frames nothing, so both are closed.
  'form-action': "'none'",
  'frame-src': "'none'",
} as const;

function serialize(directives: Record<string, string>): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** For the Content-Security-Policy response header. */
export const CONTENT_SECURITY_POLICY = serialize({ ...DIRECTIVES, 'frame-ancestors': "'none'" });

/** For renderer/index.html's meta tag. */
export const META_CONTENT_SECURITY_POLICY = serialize(DIRECTIVES);
