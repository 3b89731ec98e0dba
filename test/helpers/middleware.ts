import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyPluginOptions, type FastifyServerOptions } from 'fastify'
import { onTestFinished } from 'vitest'
import { fastapi } from 'fastify-fastapi'

/**
 * Starlette's test app for its middleware tests: `GET /` answers `Homepage` (text/plain), and
 * `GET /vary` the same with its own `Vary: Accept-Encoding`; the preset's errors answer the
 * rest (404 `{"detail":"Not Found"}`). `plugin` is registered on its own, as
 * `app.add_middleware(...)` adds it, before the routes. Closed when the test ends.
 */
export async function appWith<TOptions extends FastifyPluginOptions> (plugin: FastifyPluginAsync<TOptions>, options: TOptions, fastifyOptions: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions)
  onTestFinished(() => app.close())
  await app.register(fastapi)
  await app.register(plugin, options)
  app.get('/', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('Homepage'))
  app.get('/vary', async (_request, reply) => reply.type('text/plain; charset=utf-8').header('vary', 'Accept-Encoding').send('Homepage'))
  return app
}

/** A header's comma-separated values, as a set (Starlette's tests compare `Vary` so). */
export function tokens (value: string | string[] | number | undefined): Set<string> {
  return new Set(String(value ?? '').split(',').map((token) => token.trim()).filter((token) => token !== ''))
}

/** Registers `plugin` alone with `options` on a fresh app and starts it: rejects with the registration error. */
export async function registerAlone (plugin: FastifyPluginAsync<never>, options: unknown): Promise<void> {
  const app = Fastify()
  try {
    await app.register(plugin, options as never)
    await app.ready()
  } finally {
    await app.close()
  }
}
