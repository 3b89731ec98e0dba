import type { Socket } from 'node:net'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { fastapi } from 'fastify-fastapi'
import { defineJob } from 'fastify-fastapi/jobs'
import { REDIS_URL, redisAdmin, testKeyPrefix } from './helpers/redis.js'

// Jobs enqueued in one turn of the event loop (requests that arrive together) reach Redis in
// one write, not one system call each: counted on the app's own connection, against a real Redis.

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

describe('jobs on BullMQ: writes to Redis', () => {
  it('sends the jobs enqueued in one turn in one write, and every job arrives', async () => {
    const prefix = testKeyPrefix()
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })
    onTestFinished(async () => { await client.quit() })
    const thumbnail = defineJob({ name: 'thumbnail', payload: z.object({ image: z.string() }) }, () => null)
    const app = Fastify()
    onTestFinished(() => app.close())
    await app.register(fastapi, { docs: false, jobs: { jobs: [thumbnail], workers: false, routes: false, bullmq: { redis: client, prefix } } })
    await app.ready()
    // BullMQ's scripts are loaded on the first add.
    await app.jobs.enqueue(thumbnail, { image: 'warm-up' })

    const writes = countWrites(client.stream as Socket)
    const accepted = await Promise.all(Array.from({ length: 20 }, (_, n) => app.jobs.enqueue(thumbnail, { image: `cat-${n}` })))
    expect(writes.count).toBe(1)
    const redis = redisAdmin()
    expect(await Promise.all(accepted.map(({ id }) => redis.exists(`${prefix}:jobs:${id}`)))).toEqual(Array(20).fill(1))

    // The next turn's jobs go in a write of their own.
    await app.jobs.enqueue(thumbnail, { image: 'dog' })
    expect(writes.count).toBe(2)
  })
})
