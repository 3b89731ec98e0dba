import { describe, expect, it, vi } from 'vitest'
import type { FastifyBaseLogger } from 'fastify'
import { BackgroundTasks } from '../src/background/background-tasks.js'
import { TaskRunner } from '../src/background/task-runner.js'

const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn() } as unknown as FastifyBaseLogger

describe('TaskRunner.drain', () => {
  it('waits for tasks added after a drop (an error response\'s own) and still times out on time', async () => {
    const runner = new TaskRunner()
    const tasks = new BackgroundTasks(runner, log)
    tasks.add(function dropped () {})
    tasks.drop()
    tasks.add(function neverStarts () {}) // its response never ends in this test

    const started = Date.now()
    expect(await runner.drain(50, log)).toBe(false)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ unfinished: ['neverStarts'] }), expect.any(String))
  })

  it('runs the tasks added after a drop once the response ends', async () => {
    const runner = new TaskRunner()
    const tasks = new BackgroundTasks(runner, log)
    const ran: string[] = []
    tasks.add(function dropped () { ran.push('dropped') })
    tasks.drop()
    tasks.add(function errorResponseTask () { ran.push('errorResponseTask') })
    tasks.start()

    expect(await runner.drain(1000, log)).toBe(true)
    expect(ran).toEqual(['errorResponseTask'])
  })

  it("runs at once what an exception handler adds after the response is over and the handler's own tasks were dropped", async () => {
    const runner = new TaskRunner()
    const tasks = new BackgroundTasks(runner, log)
    const ran: string[] = []
    tasks.holdForHandler()
    tasks.add(function handlersTask () { ran.push('handlersTask') })
    tasks.start() // the client left while the handler ran
    tasks.drop() // then the handler failed
    tasks.add(function errorResponseTask () { ran.push('errorResponseTask') })

    expect(await runner.drain(1000, log)).toBe(true)
    expect(ran).toEqual(['errorResponseTask'])
  })
})
