import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, onTestFinished } from 'vitest'

// The development and CI Redis (.ci/run starts it). Tests that need it never skip: without
// it they fail, in CI and here alike.
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

let admin: Redis | undefined

/** A connection of the test file's own, for looking at keys and cleaning up; closed after the file. */
export function redisAdmin (): Redis {
  if (admin === undefined) {
    const client = new Redis(REDIS_URL)
    admin = client
    afterAll(async () => {
      // The next test file in this worker (they share modules) opens its own.
      admin = undefined
      await client.quit()
    })
  }
  return admin
}

/** A key prefix of this test's own; every key under it is deleted when the test ends. */
export function testKeyPrefix (): string {
  const prefix = `test:ffa:${randomUUID()}:`
  const client = redisAdmin()
  onTestFinished(async () => {
    const keys = await client.keys(`${prefix}*`)
    if (keys.length > 0) await client.del(...keys)
  })
  return prefix
}
