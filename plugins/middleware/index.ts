// fastify-fastapi/middleware: FastAPI's middleware, one file per plugin.
export * from './http.js'
export * from './request-id.js'
