// `npm start`: serve the shop on http://127.0.0.1:8000 (uvicorn's defaults; PORT, HOST and LOG_LEVEL override).
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'

const port = Number.parseInt(process.env.PORT ?? '8000', 10)
const host = process.env.HOST ?? '127.0.0.1'
// LOG_LEVEL=debug shows each request's session being committed or rolled back.
const level = process.env.LOG_LEVEL ?? 'info'
// Longer than the background drain (10 s by default), so the drain can name what it leaves
// behind before the process is stopped anyway.
const graceDelayMs = Number.parseInt(process.env.CLOSE_GRACE_DELAY ?? '15000', 10)

const app = await buildApp({ logger: { level } })

// SIGINT, SIGTERM (or an uncaught error): stop accepting connections, let the requests in
// flight finish, run the background tasks they accepted, close the store; then exit. A second
// signal, or `graceDelayMs` passing, exits at once.
closeWithGrace({ delay: graceDelayMs, logger: app.log }, async ({ signal, err }) => {
  if (err !== undefined) {
    app.log.error({ err }, 'Shutting down after an uncaught error')
  } else {
    app.log.info({ signal, graceDelayMs }, 'Shutting down')
  }
  await app.close()
  app.log.info(app.backgroundTasks.stats(), 'Server closed')
})

try {
  const url = await app.listen({ port, host })
  app.log.info(`Shop API running on ${url} (Press CTRL+C to quit)`)
} catch (error) {
  app.log.error({ err: error }, 'Could not start the server')
  process.exit(1)
}
