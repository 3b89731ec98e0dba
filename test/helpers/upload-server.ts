// A server of its own for the 1 GiB upload test (test/uploads.large-upload.test.ts), so that the
// RSS it reports is the server's alone, not the test runner's or the client's. One route: a
// `File()` form field, its size and name answered. `GET /rss`: RSS now (after a collection) and
// its high-water mark; `POST /rss/reset` collects, then resets the high-water mark (Linux's
// clear_refs, so that tsx's compiling at startup is not counted as the upload's). Prints its
// port. Temp files go under $TMPDIR, which the test sets to a folder of its own.
//
// The server collects garbage every 50 ms, so that its peak RSS counts what the upload holds,
// not the socket Buffers V8 has not collected yet: V8 lets external memory pile up to about
// 64 MB before a full collection, so without this the peak is V8's heuristic (30 MB on an idle
// machine, 70 MB on a loaded CI machine), not the library's. With it the peak grows 14-20 MB
// here (at most 50 ms of garbage); a file held in memory still shows, as what is live stays.
import { readFileSync, writeFileSync } from 'node:fs'
import Fastify from 'fastify'
import { z } from 'zod'
import { fastapi, File } from 'fastify-fastapi'

const GIB = 1024 * 1024 * 1024
const app = Fastify()
await app.register(fastapi, { docs: false })
app.api.post('/files/', { form: z.object({ file: File({ maxSize: 2 * GIB }) }) }, ({ form }) => ({ size: form.file.size, filename: form.file.filename }))
/** VmHWM, the peak RSS since start or since the last reset, in bytes. */
const highWaterMark = (): number => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024
app.get('/rss', () => {
  global.gc?.()
  return { now: process.memoryUsage.rss(), max: highWaterMark() }
})
app.post('/rss/reset', () => {
  global.gc?.()
  writeFileSync('/proc/self/clear_refs', '5')
  return { now: process.memoryUsage.rss(), max: highWaterMark() }
})
setInterval(() => global.gc?.(), 50).unref()
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${(app.server.address() as { port: number }).port}\n`)
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
