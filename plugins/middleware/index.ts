// fastify-fastapi/middleware: Starlette's built-in middleware as Fastify plugins, each usable
// alone (`await app.register(CORSMiddleware, { ... })`, FastAPI's `app.add_middleware`) or
// through the preset's options of the same names.
export { CORSMiddleware, type CORSOptions } from './cors.js'
export { GZipMiddleware, type GZipOptions } from './gzip.js'
export { TrustedHostMiddleware, type TrustedHostOptions } from './trusted-host.js'
export { HTTPSRedirectMiddleware, type HTTPSRedirectOptions } from './https-redirect.js'
export { SecurityHeadersMiddleware, type SecurityHeadersOptions } from './security-headers.js'
