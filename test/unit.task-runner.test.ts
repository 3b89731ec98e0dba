import { describe, expect, it, vi } from 'vitest'
import type { FastifyBaseLogger } from 'fastify'
import { BackgroundTasks } from '../src/background/background-tasks.js'
import { TaskRunner } from '../src/background/task-runner.js'

const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn() } as unknown as FastifyBaseLogger

describe('TaskRunner.drain', () => {
  it('resolves true at once when no task was accepted', async () => {
    expect(await new TaskRunner().drain(50, log)).toBe(true)
  })

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

describe('TaskRunner.stats and the order of late tasks', () => {
  it('counts as pending the tasks that wait for their response, and the ones queued behind others', async () => {
    const runner = new TaskRunner()
    const tasks = new BackgroundTasks(runner, log)
    tasks.add(function first () {})
    tasks.add(function second () {})
    expect(runner.stats()).toEqual({ pending: 2, running: 0, failed: 0, completed: 0 })

    tasks.start()
    expect(await runner.drain(1000, log)).toBe(true)
    expect(runner.stats()).toEqual({ pending: 0, running: 0, failed: 0, completed: 2 })
  })

  it('runs a task added after the response once the same request\'s earlier tasks are done', async () => {
    const runner = new TaskRunner()
    const tasks = new BackgroundTasks(runner, log)
    const ran: string[] = []
    let release!: () => void
    const slow = new Promise<void>((resolve) => { release = resolve })
    tasks.add(async function earlier () { await slow; ran.push('earlier') })
    tasks.start()
    tasks.add(function later () { ran.push('later') })
    expect(runner.stats()).toMatchObject({ pending: 1, running: 1 })

    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(ran).toEqual([])
    release()
    expect(await runner.drain(1000, log)).toBe(true)
    expect(ran).toEqual(['earlier', 'later'])
  })
})
