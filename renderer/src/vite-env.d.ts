// Screens import their own stylesheets, which Vite bundles; Vite's client types tell
// TypeScript what such an import is.
/// <reference types="vite/client" />
