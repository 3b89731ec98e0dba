import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SendDeadlines } from '../src/jobs/send-deadlines.js'

// An enqueue waits for its backend at most `enqueueTimeoutMs` (a 503 after it): one interval
// serves every send in flight, ticking every quarter of the timeout (1 ms at least), so a send
// is given up at most a tick after its deadline.

const giveUp = (reason: 'timeout' | 'failed', error?: unknown) => new Error(reason === 'timeout' ? 'timed out' : `failed: ${(error as Error).message}`)
const never = () => new Promise<void>(() => {})

describe('SendDeadlines', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('gives up a send that does not settle at its deadline, at most a tick later', async () => {
    for (const [timeoutMs, latest] of [[100, 125], [10, 12], [5, 6], [1, 2]] as const) {
      const deadlines = new SendDeadlines(timeoutMs, giveUp)
      let outcome: string | undefined
      deadlines.wait(never()).catch((error: Error) => { outcome = error.message })
      await vi.advanceTimersByTimeAsync(timeoutMs - 1)
      expect(outcome, `${timeoutMs} ms`).toBeUndefined()
      await vi.advanceTimersByTimeAsync(latest - timeoutMs + 1)
      expect(outcome, `${timeoutMs} ms`).toBe('timed out')
    }
  })

  it('gives up each send at its own deadline, the older first', async () => {
    const deadlines = new SendDeadlines(100, giveUp)
    const outcomes: string[] = []
    deadlines.wait(never()).catch(() => { outcomes.push('first') })
    await vi.advanceTimersByTimeAsync(60)
    deadlines.wait(never()).catch(() => { outcomes.push('second') })
    await vi.advanceTimersByTimeAsync(65)
    expect(outcomes).toEqual(['first'])
    await vi.advanceTimersByTimeAsync(60)
    expect(outcomes).toEqual(['first', 'second'])
  })

  it('settles with a send that answers in time, and words a send that fails', async () => {
    const deadlines = new SendDeadlines(100, giveUp)
    await expect(deadlines.wait(Promise.resolve('job'))).resolves.toBeUndefined()
    await expect(deadlines.wait(Promise.reject(new Error('READONLY')))).rejects.toThrow('failed: READONLY')
  })

  it('keeps no timer once no send is in flight', async () => {
    const deadlines = new SendDeadlines(100, giveUp)
    let answer!: () => void
    const send = deadlines.wait(new Promise<void>((resolve) => { answer = resolve }))
    expect(vi.getTimerCount()).toBe(1)
    answer()
    await send
    await vi.advanceTimersByTimeAsync(25)
    expect(vi.getTimerCount()).toBe(0)
    deadlines.wait(never()).catch(() => {})
    expect(vi.getTimerCount()).toBe(1)
  })
})
