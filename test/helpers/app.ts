import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { onTestFinished } from 'vitest'
import { fastapi, type FastAPIOptions } from 'fastify-fastapi'

/**
 * A Fastify app with the preset registered, closed when the test ends.
 * Build routes on it, then `await app.ready()` (inject does it for you).
 */
export async function buildApp (options: FastAPIOptions = {}, fastifyOptions: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions)
  onTestFinished(() => app.close())
  await app.register(fastapi, options)
  return app
}

/** A logger that keeps every line it writes, for tests that read the logs. */
export function captureLogs (): { lines: Array<Record<string, unknown>>, stream: { write: (line: string) => void } } {
  const lines: Array<Record<string, unknown>> = []
  return { lines, stream: { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>) } } }
}

/** `buildApp` with a logger at info whose lines the test reads (`logs.lines`). */
export async function buildLoggedApp (options: FastAPIOptions = {}): Promise<{ app: FastifyInstance, logs: ReturnType<typeof captureLogs> }> {
  const logs = captureLogs()
  const app = await buildApp(options, { logger: { level: 'info', stream: logs.stream } })
  return { app, logs }
}
