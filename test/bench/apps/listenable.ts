// What server.ts needs from an app: Fastify instances have this shape already; the
// non-Fastify apps (hono, node-http) wrap their server in it.
export interface Listenable {
  listen (options: { port: number, host: string }): Promise<unknown>
}
