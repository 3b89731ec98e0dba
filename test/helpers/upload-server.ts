// A server of its own for the 1 GiB upload test (test/uploads.large-upload.test.ts), so that the
// RSS it reports is the server's alone, not the test runner's or the client's. One route: a
// `File()` form field, its size and name answered. `GET /rss`: RSS now and its high-water mark.
// Prints its port. Temp files go under $TMPDIR, which the test sets to a folder of its own.
import Fastify from 'fastify'
import { z } from 'zod'
import { fastapi, File } from 'fastify-fastapi'

const GIB = 1024 * 1024 * 1024
const app = Fastify()
await app.register(fastapi, { docs: false })
app.api.post('/files/', { form: z.object({ file: File({ maxSize: 2 * GIB }) }) }, ({ form }) => ({ size: form.file.size, filename: form.file.filename }))
app.get('/rss', () => {
  global.gc?.()
  return { now: process.memoryUsage.rss(), max: process.resourceUsage().maxRSS * 1024 }
})
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${(app.server.address() as { port: number }).port}\n`)
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
