// `npm start`: serve the shop on http://127.0.0.1:8000 (uvicorn's defaults; PORT, HOST and LOG_LEVEL override).
import { buildApp } from './app.js'

const port = Number.parseInt(process.env.PORT ?? '8000', 10)
const host = process.env.HOST ?? '127.0.0.1'
// LOG_LEVEL=debug shows each request's session being committed or rolled back.
const level = process.env.LOG_LEVEL ?? 'info'

const app = await buildApp({ logger: { level } })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'Shutting down')
    // Stops accepting connections and lets requests in flight finish; then nothing keeps Node running.
    app.close().catch((error: unknown) => {
      app.log.error({ err: error }, 'Error while shutting down')
      process.exitCode = 1
    })
  })
}

try {
  const url = await app.listen({ port, host })
  app.log.info(`Shop API running on ${url} (Press CTRL+C to quit)`)
} catch (error) {
  app.log.error({ err: error }, 'Could not start the server')
  process.exit(1)
}
