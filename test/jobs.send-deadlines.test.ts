import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SendDeadlines } from '../src/jobs/send-deadlines.js'

// An enqueue waits for its backend at most `enqueueTimeoutMs` (a 503 after it): one interval
// serves every send in flight, so a send is given up between 1 and 1.25 times the timeout.

const giveUp = (reason: 'timeout' | 'failed', error?: unknown) => new Error(reason === 'timeout' ? 'timed out' : `failed: ${(error as Error).message}`)
const never = () => new Promise<void>(() => {})

describe('SendDeadlines', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('gives up a send that does not settle between 1 and 1.25 times the timeout', async () => {
    const deadlines = new SendDeadlines(100, giveUp)
    let outcome: string | undefined
    deadlines.wait(never()).catch((error: Error) => { outcome = error.message })
    await vi.advanceTimersByTimeAsync(100)
    expect(outcome).toBeUndefined()
    await vi.advanceTimersByTimeAsync(25)
    expect(outcome).toBe('timed out')
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
