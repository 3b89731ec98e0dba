import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildApp } from '../app.js'

// SHOP_JOB_WORKERS=false makes an API that only enqueues, its jobs left to `npm run worker`
// processes: that needs a queue they share (BullMQ, SHOP_REDIS_URL). Without one, the shop
// refuses to start rather than accept jobs nothing would ever run.
afterEach(() => { vi.unstubAllEnvs() })

describe('SHOP_JOB_WORKERS', () => {
  it.each(['false', 'FALSE', '0', ' false '])('%j without SHOP_REDIS_URL stops the start with the fix', async (value) => {
    vi.stubEnv('SHOP_JOB_WORKERS', value)
    vi.stubEnv('SHOP_REDIS_URL', undefined)
    await expect(buildApp({ logger: false })).rejects.toMatchObject({
      code: 'FFA_ERR_OPTION_INVALID',
      message: expect.stringContaining("option 'workers' is false, but the in-process queue has no other worker"),
    })
  })

  it('runs the jobs in the process otherwise', async () => {
    vi.stubEnv('SHOP_JOB_WORKERS', 'true')
    const app = await buildApp({ logger: false })
    expect(app.jobs.setup).toEqual({ backend: 'in-process', jobs: ['export-orders'], concurrency: 1 })
    await app.close()
  })
})
