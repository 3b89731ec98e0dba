import type { Socket } from 'node:net'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { defineJob, Jobs, jobAccepted } from 'fastify-fastapi/jobs'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'

// The jobs of requests answered in one turn of the event loop reach Redis together, in one
// write, not one system call each; `app.jobs.enqueue` writes at once. Counted on the app's own
// connection, against a real Redis.

// Counts the writes the socket makes (one system call each).
function countWrites (socket: Socket): { count: number } {
  const writes = { count: 0 }
  const { _write, _writev } = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>
  Object.assign(socket, {
    _write (...args: unknown[]) { writes.count++; _write.apply(socket, args) },
    _writev (...args: unknown[]) { writes.count++; _writev.apply(socket, args) },
  })
  return writes
}

async function shop () {
  const prefix = testKeyPrefix()
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })
  onTestFinished(async () => { await client.quit() })
  const thumbnail = defineJob({ name: 'thumbnail', payload: z.object({ image: z.string() }) }, () => null)
  const app = Fastify()
  onTestFinished(() => app.close())
  await app.register(fastapi, { docs: false, jobs: { jobs: [thumbnail], workers: false, bullmq: { redis: client, prefix } } })
  app.api.post('/thumbnails', { ...jobAccepted, body: z.object({ image: z.string() }), deps: { jobs: Jobs } }, ({ body, deps }) => deps.jobs.accept(thumbnail, body))
  await app.ready()
  // BullMQ's scripts are loaded on the first add.
  await app.jobs.enqueue(thumbnail, { image: 'warm-up' })
  return { app, client, prefix, thumbnail }
}

describe('jobs on BullMQ: writes to Redis', () => {
  it('sends the jobs of requests answered in one turn together, and every job arrives', async () => {
    const { app, client, prefix } = await shop()
    const writes = countWrites(client.stream as Socket)
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => app.inject({ method: 'POST', url: '/thumbnails', payload: { image: `cat-${n}` } })))
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(202))
    expect(writes.count).toBeLessThanOrEqual(2)
    const ids = answers.map((answer) => answer.json<{ id: string }>().id)
    expect(await Promise.all(ids.map((id) => redisAdmin().exists(`${prefix}:jobs:${id}`)))).toEqual(Array(20).fill(1))
  })

  it('writes what app.jobs.enqueue sends at once', async () => {
    const { app, client, thumbnail } = await shop()
    const writes = countWrites(client.stream as Socket)
    await Promise.all(Array.from({ length: 5 }, (_, n) => app.jobs.enqueue(thumbnail, { image: `dog-${n}` })))
    expect(writes.count).toBe(5)
  })
})
